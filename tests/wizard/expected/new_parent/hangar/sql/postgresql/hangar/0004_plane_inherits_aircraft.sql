BEGIN;
--
-- Forwards: keep the id counter of plane aside (SQLite)
--
-- (no-op)
--
-- Backwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
-- (no-op)
--
-- Alter unique_together for plane (0 constraint(s))
--
ALTER TABLE "hangar_plane" DROP CONSTRAINT "hangar_plane_registration_kind_a65f966d_uniq";
--
-- Remove index plane_owner_kind_idx from plane
--
DROP INDEX IF EXISTS "plane_owner_kind_idx";
--
-- Remove constraint plane_owner_nick_uniq from model plane
--
ALTER TABLE "hangar_plane" DROP CONSTRAINT "plane_owner_nick_uniq";
--
-- Create index plane_owner_kind_idx on field(s) owner, kind of model aircraft
--
CREATE INDEX "plane_owner_kind_idx" ON "hangar_aircraft" ("owner_id", "kind");
--
-- Create constraint plane_owner_nick_uniq on model aircraft
--
ALTER TABLE "hangar_aircraft" ADD CONSTRAINT "plane_owner_nick_uniq" UNIQUE ("owner_id", "nickname");
--
-- Forwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
SELECT setval(pg_get_serial_sequence('"hangar_aircraft"', 'id'), GREATEST(high, 1), high IS NOT NULL) FROM (SELECT GREATEST(MAX("id"), pg_sequence_last_value(pg_get_serial_sequence('"hangar_plane"', 'id')::regclass)) AS high FROM "hangar_aircraft") AS ids;
--
-- Backwards: keep the id counter of aircraft aside (SQLite)
--
-- (no-op)
--
-- Rename plane.id to aircraft_ptr (column aircraft_ptr_id)
--
ALTER TABLE "hangar_plane" RENAME COLUMN "id" TO "aircraft_ptr_id";
--
-- Remove registration, kind, owner, nickname from plane (moved to aircraft); on SQLite the next rebuild of the table drops them
--
ALTER TABLE "hangar_plane" DROP COLUMN "registration" CASCADE;
ALTER TABLE "hangar_plane" DROP COLUMN "kind" CASCADE;
SET CONSTRAINTS "hangar_plane_owner_id_afcaa210_fk_hangar_owner_id" IMMEDIATE; ALTER TABLE "hangar_plane" DROP CONSTRAINT "hangar_plane_owner_id_afcaa210_fk_hangar_owner_id";
ALTER TABLE "hangar_plane" DROP COLUMN "owner_id" CASCADE;
ALTER TABLE "hangar_plane" DROP COLUMN "nickname" CASCADE;
--
-- Make plane.aircraft_ptr the link to the parent hangar.aircraft
--
ALTER TABLE "hangar_plane" ALTER COLUMN "aircraft_ptr_id" DROP IDENTITY IF EXISTS;
ALTER TABLE "hangar_plane" ALTER COLUMN "aircraft_ptr_id" TYPE integer;
ALTER TABLE "hangar_plane" ADD CONSTRAINT "hangar_plane_aircraft_ptr_id_2d2029dc_fk_hangar_aircraft_id" FOREIGN KEY ("aircraft_ptr_id") REFERENCES "hangar_aircraft" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Make plane inherit from hangar.aircraft
--
-- (no-op)
COMMIT;
