--
-- Create model Aircraft
--
CREATE TABLE `hangar_aircraft` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `registration` varchar(20) NOT NULL UNIQUE, `kind` varchar(10) NOT NULL, `owner_id` integer NULL, `nickname` varchar(30) NULL);
ALTER TABLE `hangar_aircraft` ADD CONSTRAINT `hangar_aircraft_registration_kind_57ca4b2e_uniq` UNIQUE (`registration`, `kind`);
ALTER TABLE `hangar_aircraft` ADD CONSTRAINT `hangar_aircraft_owner_id_4927303f_fk_hangar_owner_id` FOREIGN KEY (`owner_id`) REFERENCES `hangar_owner` (`id`);
CREATE INDEX `hangar_aircraft_kind_10a18a62` ON `hangar_aircraft` (`kind`);
