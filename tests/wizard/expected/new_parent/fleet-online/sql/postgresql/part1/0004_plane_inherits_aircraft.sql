BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Drop the trigger that mirrored plane (postgresql)
--
DROP TRIGGER IF EXISTS "mw_mirror_part1_plane" ON "part1_plane";
DROP FUNCTION IF EXISTS "mw_mirror_part1_plane"();
DELETE FROM "part1_aircraft" WHERE "id" IN (SELECT "id" FROM "mw_gone_part1_plane") AND NOT EXISTS (SELECT 1 FROM "part1_plane" c WHERE c."id" = "part1_aircraft"."id");
DROP TABLE IF EXISTS "mw_gone_part1_plane";
--
-- Backwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
-- (no-op)
--
-- Forwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
SELECT setval(pg_get_serial_sequence('"part1_aircraft"', 'id'), GREATEST(high, 1), high IS NOT NULL) FROM (SELECT GREATEST(MAX("id"), pg_sequence_last_value(pg_get_serial_sequence('"part1_plane"', 'id')::regclass)) AS high FROM "part1_aircraft") AS ids;
--
-- Rename plane.id to aircraft_ptr (column aircraft_ptr_id)
--
ALTER TABLE "part1_plane" RENAME COLUMN "id" TO "aircraft_ptr_id";
--
-- Remove registration from plane (moved to aircraft)
--
ALTER TABLE "part1_plane" DROP COLUMN "registration" CASCADE;
--
-- Make plane.aircraft_ptr the link to the parent part1.aircraft
--
ALTER TABLE "part1_plane" ALTER COLUMN "aircraft_ptr_id" DROP IDENTITY IF EXISTS;
ALTER TABLE "part1_plane" ALTER COLUMN "aircraft_ptr_id" TYPE integer;
ALTER TABLE "part1_plane" ADD CONSTRAINT "part1_plane_aircraft_ptr_id_bce3c15b_fk_part1_aircraft_id" FOREIGN KEY ("aircraft_ptr_id") REFERENCES "part1_aircraft" ("id") DEFERRABLE INITIALLY DEFERRED NOT VALID;
--
-- Drop the trigger that mirrored plane (mysql)
--
-- (no-op)
--
-- Make plane inherit from part1.aircraft
--
-- (no-op)
COMMIT;
