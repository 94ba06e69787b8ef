--
-- Make car a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field vehicle_ptr on car
--
ALTER TABLE `core_car` DROP FOREIGN KEY `core_car_vehicle_ptr_id_b72520b4_fk_core_vehicle_id`;
ALTER TABLE `core_garage` DROP FOREIGN KEY `core_garage_favourite_id_6ecff11c_fk_core_car_vehicle_ptr_id`;
ALTER TABLE `core_garage_cars` DROP FOREIGN KEY `core_garage_cars_car_id_2a39125e_fk_core_car_vehicle_ptr_id`;
ALTER TABLE `core_ticket` DROP FOREIGN KEY `core_ticket_car_id_0ad51686_fk_core_car_vehicle_ptr_id`;
ALTER TABLE `core_car` MODIFY `vehicle_ptr_id` bigint AUTO_INCREMENT NOT NULL;
ALTER TABLE `core_garage` MODIFY `favourite_id` bigint NULL;
ALTER TABLE `core_garage_cars` MODIFY `car_id` bigint NOT NULL;
ALTER TABLE `core_ticket` MODIFY `car_id` bigint NOT NULL;
ALTER TABLE `core_garage` ADD CONSTRAINT `core_garage_favourite_id_6ecff11c_fk` FOREIGN KEY (`favourite_id`) REFERENCES `core_car` (`vehicle_ptr_id`);
ALTER TABLE `core_garage_cars` ADD CONSTRAINT `core_garage_cars_car_id_2a39125e_fk` FOREIGN KEY (`car_id`) REFERENCES `core_car` (`vehicle_ptr_id`);
ALTER TABLE `core_ticket` ADD CONSTRAINT `core_ticket_car_id_0ad51686_fk` FOREIGN KEY (`car_id`) REFERENCES `core_car` (`vehicle_ptr_id`);
--
-- Backwards: move the id sequence of vehicle past its ids and past the sequence of car
--
-- (no-op)
--
-- Declare registration, kind, owner, nickname on car and copy their values down from vehicle
--
ALTER TABLE `core_car` ADD COLUMN `registration` varchar(20) NULL UNIQUE;
ALTER TABLE `core_car` ADD COLUMN `kind` varchar(10) NULL;
ALTER TABLE `core_car` ADD COLUMN `owner_id` bigint NULL , ADD CONSTRAINT `core_car_owner_id_e847e5aa_fk_core_owner_id` FOREIGN KEY (`owner_id`) REFERENCES `core_owner`(`id`);
ALTER TABLE `core_car` ADD COLUMN `nickname` varchar(30) NULL;
UPDATE `core_car` INNER JOIN `core_vehicle` ON `core_vehicle`.`id` = `core_car`.`vehicle_ptr_id` SET `core_car`.`registration` = `core_vehicle`.`registration`, `core_car`.`kind` = `core_vehicle`.`kind`, `core_car`.`owner_id` = `core_vehicle`.`owner_id`, `core_car`.`nickname` = `core_vehicle`.`nickname`;
ALTER TABLE `core_car` MODIFY `registration` varchar(20) NOT NULL;
ALTER TABLE `core_car` ALTER COLUMN `kind` SET DEFAULT 'prop';
UPDATE `core_car` SET `kind` = 'prop' WHERE `kind` IS NULL;
ALTER TABLE `core_car` MODIFY `kind` varchar(10) NOT NULL;
ALTER TABLE `core_car` ALTER COLUMN `kind` DROP DEFAULT;
--
-- Rename car.vehicle_ptr to id (column id)
--
ALTER TABLE `core_car` RENAME COLUMN `vehicle_ptr_id` TO `id`;
--
-- Backwards: keep the id counter of car aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of car past its ids and past the sequence of vehicle
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('core_vehicle', 'core_car')), 1), COALESCE((SELECT MAX(`id`) FROM `core_car`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `core_car` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
CREATE INDEX `core_car_kind_87f74cd9` ON `core_car` (`kind`);
