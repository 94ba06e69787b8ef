SET SESSION lock_wait_timeout = 1;
--
-- Check every row of car.vehicle_ptr against its parent (the link's foreign key)
--
SELECT c.`vehicle_ptr_id` FROM `garage_car` c LEFT JOIN `garage_vehicle` p ON p.`number` = c.`vehicle_ptr_id` WHERE p.`number` IS NULL LIMIT 1;
