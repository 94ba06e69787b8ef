BEGIN;
--
-- Copy the ids and registration, kind, owner, nickname of every plane into aircraft
--
DELETE FROM "hangar_aircraft";
INSERT INTO "hangar_aircraft" ("id", "registration", "kind", "owner_id", "nickname") SELECT "id", "registration", "kind", "owner_id", "nickname" FROM "hangar_plane";
COMMIT;
