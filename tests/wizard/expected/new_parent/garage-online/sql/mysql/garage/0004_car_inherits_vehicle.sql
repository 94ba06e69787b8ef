SET SESSION lock_wait_timeout = 1;
--
-- Drop the trigger that mirrored car (postgresql)
--
-- (no-op)
--
-- Backwards: move the id sequence of car past its ids and past the sequence of vehicle
--
-- (no-op)
--
-- Forwards: move the id sequence of vehicle past its ids and past the sequence of car
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('garage_car', 'garage_vehicle')), 1), COALESCE((SELECT MAX(`number`) FROM `garage_vehicle`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `garage_vehicle` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
--
-- Rename car.number to vehicle_ptr (column vehicle_ptr_id)
--
ALTER TABLE `garage_car` RENAME COLUMN `number` TO `vehicle_ptr_id`, ALGORITHM=INSTANT;
--
-- Remove plate, colour from car (moved to vehicle)
--
ALTER TABLE `garage_car` DROP COLUMN `plate`, ALGORITHM=INSTANT;
ALTER TABLE `garage_car` DROP COLUMN `colour`, ALGORITHM=INSTANT;
--
-- Make car.vehicle_ptr the link to the parent garage.vehicle
--
ALTER TABLE `garage_car_tags` DROP FOREIGN KEY `garage_car_tags_car_id_8de8e8b3_fk_garage_car_number`, ALGORITHM=INSTANT;
ALTER TABLE `garage_service` DROP FOREIGN KEY `garage_service_car_id_425833b0_fk_garage_car_number`, ALGORITHM=INSTANT;
ALTER TABLE `garage_car` MODIFY `vehicle_ptr_id` bigint NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `garage_car_tags` MODIFY `car_id` bigint NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `garage_service` MODIFY `car_id` bigint NOT NULL, ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `garage_car` ADD CONSTRAINT `garage_car_vehicle_ptr_id_e9624e58_fk_garage_vehicle_number` FOREIGN KEY (`vehicle_ptr_id`) REFERENCES `garage_vehicle` (`number`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `garage_car_tags` ADD CONSTRAINT `garage_car_tags_car_id_8de8e8b3_fk` FOREIGN KEY (`car_id`) REFERENCES `garage_car` (`vehicle_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `garage_service` ADD CONSTRAINT `garage_service_car_id_425833b0_fk` FOREIGN KEY (`car_id`) REFERENCES `garage_car` (`vehicle_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
--
-- Drop the trigger that mirrored car (mysql)
--
DROP TRIGGER IF EXISTS `mw_mirror_garage_car_i`;
DROP TRIGGER IF EXISTS `mw_mirror_garage_car_u`;
DROP TRIGGER IF EXISTS `mw_mirror_garage_car_d`;
DELETE p FROM `garage_vehicle` p JOIN `mw_gone_garage_car` g ON g.`id` = p.`number` LEFT JOIN `garage_car` c ON c.`vehicle_ptr_id` = p.`number` WHERE c.`vehicle_ptr_id` IS NULL;
DROP TABLE IF EXISTS `mw_gone_garage_car`;
--
-- Make car inherit from garage.vehicle
--
-- (no-op)
