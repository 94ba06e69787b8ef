SET SESSION lock_wait_timeout = 1;
--
-- Create model Machine
--
CREATE TABLE `drones_machine` (`serial` uuid NOT NULL PRIMARY KEY, `label` varchar(40) NOT NULL);
