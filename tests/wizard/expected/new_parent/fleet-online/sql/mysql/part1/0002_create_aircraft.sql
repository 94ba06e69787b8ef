SET SESSION lock_wait_timeout = 1;
--
-- Create model Aircraft
--
CREATE TABLE `part1_aircraft` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `registration` varchar(100) NOT NULL);
