BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Check every row of car.vehicle_ptr against its parent (the link's foreign key)
--
ALTER TABLE "garage_car" VALIDATE CONSTRAINT "garage_car_vehicle_ptr_id_e9624e58_fk_garage_vehicle_number";
COMMIT;
