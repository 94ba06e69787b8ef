SET SESSION lock_wait_timeout = 1;
--
-- Create model Vehicle
--
CREATE TABLE `garage_vehicle` (`number` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `plate` varchar(12) NOT NULL, `colour` varchar(12) NOT NULL);
