BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Check every row of drone.machine_ptr against its parent (the link's foreign key)
--
ALTER TABLE "drones_drone" VALIDATE CONSTRAINT "drones_drone_machine_ptr_id_79fcc4a0_fk_drones_machine_serial";
COMMIT;
