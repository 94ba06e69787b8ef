--
-- Make plane a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field aircraft_ptr on plane
--
ALTER TABLE `core_plane` DROP FOREIGN KEY `core_plane_aircraft_ptr_id_506e952b_fk_core_aircraft_id`;
ALTER TABLE `core_plane_pilots` DROP FOREIGN KEY `core_plane_pilots_plane_id_52eb272a_fk_core_plan`;
ALTER TABLE `core_parkingbay` DROP FOREIGN KEY `core_parkingbay_plane_id_96787c11_fk_core_plane_aircraft_ptr_id`;
ALTER TABLE `core_plane` MODIFY `aircraft_ptr_id` bigint AUTO_INCREMENT NOT NULL;
ALTER TABLE `core_plane_pilots` MODIFY `plane_id` bigint NOT NULL;
ALTER TABLE `core_parkingbay` MODIFY `plane_id` bigint NOT NULL;
ALTER TABLE `core_plane_pilots` ADD CONSTRAINT `core_plane_pilots_plane_id_52eb272a_fk` FOREIGN KEY (`plane_id`) REFERENCES `core_plane` (`aircraft_ptr_id`);
ALTER TABLE `core_parkingbay` ADD CONSTRAINT `core_parkingbay_plane_id_96787c11_fk` FOREIGN KEY (`plane_id`) REFERENCES `core_plane` (`aircraft_ptr_id`);
--
-- Backwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
-- (no-op)
--
-- Declare registration on plane and copy their values down from aircraft
--
ALTER TABLE `core_plane` ADD COLUMN `registration` varchar(100) NULL;
UPDATE `core_plane` INNER JOIN `core_aircraft` ON `core_aircraft`.`id` = `core_plane`.`aircraft_ptr_id` SET `core_plane`.`registration` = `core_aircraft`.`registration`;
ALTER TABLE `core_plane` MODIFY `registration` varchar(100) NOT NULL;
--
-- Rename plane.aircraft_ptr to id (column id)
--
ALTER TABLE `core_plane` RENAME COLUMN `aircraft_ptr_id` TO `id`;
--
-- Backwards: keep the id counter of plane aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('core_aircraft', 'core_plane')), 1), COALESCE((SELECT MAX(`id`) FROM `core_plane`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `core_plane` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
