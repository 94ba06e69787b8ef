SET SESSION lock_wait_timeout = 1;
--
-- Check every row of plane.aircraft_ptr against its parent (the link's foreign key)
--
SELECT c.`aircraft_ptr_id` FROM `part1_plane` c LEFT JOIN `part1_aircraft` p ON p.`id` = c.`aircraft_ptr_id` WHERE p.`id` IS NULL LIMIT 1;
