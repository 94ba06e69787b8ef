SET SESSION lock_wait_timeout = 1;
--
-- Create model Person
--
CREATE TABLE `accounts_person` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `nickname` varchar(30) NOT NULL, `shoe_size` integer NULL);
