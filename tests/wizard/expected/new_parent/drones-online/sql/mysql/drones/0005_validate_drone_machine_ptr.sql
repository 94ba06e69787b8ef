SET SESSION lock_wait_timeout = 1;
--
-- Check every row of drone.machine_ptr against its parent (the link's foreign key)
--
SELECT c.`machine_ptr_id` FROM `drones_drone` c LEFT JOIN `drones_machine` p ON p.`serial` = c.`machine_ptr_id` WHERE p.`serial` IS NULL LIMIT 1;
