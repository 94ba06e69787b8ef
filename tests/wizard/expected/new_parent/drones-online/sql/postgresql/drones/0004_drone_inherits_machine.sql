BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Drop the trigger that mirrored drone (postgresql)
--
DROP TRIGGER IF EXISTS "mw_mirror_drones_drone" ON "drones_drone";
DROP FUNCTION IF EXISTS "mw_mirror_drones_drone"();
DELETE FROM "drones_machine" WHERE "serial" IN (SELECT "id" FROM "mw_gone_drones_drone") AND NOT EXISTS (SELECT 1 FROM "drones_drone" c WHERE c."serial" = "drones_machine"."serial");
DROP TABLE IF EXISTS "mw_gone_drones_drone";
--
-- Rename drone.serial to machine_ptr (column machine_ptr_id)
--
ALTER TABLE "drones_drone" RENAME COLUMN "serial" TO "machine_ptr_id";
--
-- Remove label from drone (moved to machine)
--
ALTER TABLE "drones_drone" DROP COLUMN "label" CASCADE;
--
-- Make drone.machine_ptr the link to the parent drones.machine
--
ALTER TABLE "drones_drone" ADD CONSTRAINT "drones_drone_machine_ptr_id_79fcc4a0_fk_drones_machine_serial" FOREIGN KEY ("machine_ptr_id") REFERENCES "drones_machine" ("serial") DEFERRABLE INITIALLY DEFERRED NOT VALID;
--
-- Drop the trigger that mirrored drone (mysql)
--
-- (no-op)
--
-- Make drone inherit from drones.machine
--
-- (no-op)
COMMIT;
