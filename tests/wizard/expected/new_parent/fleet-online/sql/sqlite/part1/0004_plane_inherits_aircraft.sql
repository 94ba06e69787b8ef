--
-- Drop the trigger that mirrored plane (postgresql)
--
-- (no-op)
--
-- Backwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
-- (no-op)
--
-- Forwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'part1_aircraft', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'part1_aircraft');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "part1_aircraft"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('part1_plane', 'mw_high_water:part1_plane')), 0)) WHERE name = 'part1_aircraft';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:part1_plane';
--
-- Rename plane.id to aircraft_ptr (column aircraft_ptr_id)
--
ALTER TABLE "part1_plane" RENAME COLUMN "id" TO "aircraft_ptr_id";
--
-- Remove registration from plane (moved to aircraft)
--
ALTER TABLE "part1_plane" DROP COLUMN "registration";
--
-- Make plane.aircraft_ptr the link to the parent part1.aircraft
--
CREATE TABLE "new__part1_plane" ("aircraft_ptr_id" integer NOT NULL PRIMARY KEY REFERENCES "part1_aircraft" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__part1_plane" ("aircraft_ptr_id") SELECT "aircraft_ptr_id" FROM "part1_plane";
DROP TABLE "part1_plane";
ALTER TABLE "new__part1_plane" RENAME TO "part1_plane";
--
-- Drop the trigger that mirrored plane (mysql)
--
-- (no-op)
--
-- Make plane inherit from part1.aircraft
--
-- (no-op)
