--
-- Mirror every write to plane into aircraft until the link is made (a trigger)
--
-- (no-op)
--
-- Copy the ids and registration of every plane into aircraft, 50000 rows at a time
--
SELECT "id" FROM "part1_plane" WHERE "id" > %s ORDER BY "id" LIMIT 1 OFFSET 49999;
INSERT OR IGNORE INTO "part1_aircraft" ("id", "registration") SELECT "id", "registration" FROM "part1_plane" WHERE "id" > %s AND "id" <= %s;
