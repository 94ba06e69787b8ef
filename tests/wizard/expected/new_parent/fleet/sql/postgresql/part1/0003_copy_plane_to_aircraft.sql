BEGIN;
--
-- Copy the ids and registration of every plane into aircraft
--
DELETE FROM "part1_aircraft";
INSERT INTO "part1_aircraft" ("id", "registration") SELECT "id", "registration" FROM "part1_plane";
COMMIT;
