--
-- Drop the trigger that mirrored drone (postgresql)
--
-- (no-op)
--
-- Rename drone.serial to machine_ptr (column machine_ptr_id)
--
ALTER TABLE "drones_drone" RENAME COLUMN "serial" TO "machine_ptr_id";
--
-- Remove label from drone (moved to machine)
--
ALTER TABLE "drones_drone" DROP COLUMN "label";
--
-- Make drone.machine_ptr the link to the parent drones.machine
--
CREATE TABLE "new__drones_drone" ("machine_ptr_id" char(32) NOT NULL PRIMARY KEY REFERENCES "drones_machine" ("serial") DEFERRABLE INITIALLY DEFERRED, "weight" decimal NOT NULL);
INSERT INTO "new__drones_drone" ("weight", "machine_ptr_id") SELECT "weight", "machine_ptr_id" FROM "drones_drone";
DROP TABLE "drones_drone";
ALTER TABLE "new__drones_drone" RENAME TO "drones_drone";
--
-- Drop the trigger that mirrored drone (mysql)
--
-- (no-op)
--
-- Make drone inherit from drones.machine
--
-- (no-op)
