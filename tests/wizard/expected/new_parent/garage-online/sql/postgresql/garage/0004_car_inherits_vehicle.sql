BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Drop the trigger that mirrored car (postgresql)
--
DROP TRIGGER IF EXISTS "mw_mirror_garage_car" ON "garage_car";
DROP FUNCTION IF EXISTS "mw_mirror_garage_car"();
DELETE FROM "garage_vehicle" WHERE "number" IN (SELECT "id" FROM "mw_gone_garage_car") AND NOT EXISTS (SELECT 1 FROM "garage_car" c WHERE c."number" = "garage_vehicle"."number");
DROP TABLE IF EXISTS "mw_gone_garage_car";
--
-- Backwards: move the id sequence of car past its ids and past the sequence of vehicle
--
-- (no-op)
--
-- Forwards: move the id sequence of vehicle past its ids and past the sequence of car
--
SELECT setval(pg_get_serial_sequence('"garage_vehicle"', 'number'), GREATEST(high, 1), high IS NOT NULL) FROM (SELECT GREATEST(MAX("number"), pg_sequence_last_value(pg_get_serial_sequence('"garage_car"', 'number')::regclass)) AS high FROM "garage_vehicle") AS ids;
--
-- Rename car.number to vehicle_ptr (column vehicle_ptr_id)
--
ALTER TABLE "garage_car" RENAME COLUMN "number" TO "vehicle_ptr_id";
--
-- Remove plate, colour from car (moved to vehicle)
--
ALTER TABLE "garage_car" DROP COLUMN "plate" CASCADE;
ALTER TABLE "garage_car" DROP COLUMN "colour" CASCADE;
--
-- Make car.vehicle_ptr the link to the parent garage.vehicle
--
ALTER TABLE "garage_car" ALTER COLUMN "vehicle_ptr_id" DROP IDENTITY IF EXISTS;
ALTER TABLE "garage_car" ALTER COLUMN "vehicle_ptr_id" TYPE bigint;
ALTER TABLE "garage_car" ADD CONSTRAINT "garage_car_vehicle_ptr_id_e9624e58_fk_garage_vehicle_number" FOREIGN KEY ("vehicle_ptr_id") REFERENCES "garage_vehicle" ("number") DEFERRABLE INITIALLY DEFERRED NOT VALID;
--
-- Drop the trigger that mirrored car (mysql)
--
-- (no-op)
--
-- Make car inherit from garage.vehicle
--
-- (no-op)
COMMIT;
