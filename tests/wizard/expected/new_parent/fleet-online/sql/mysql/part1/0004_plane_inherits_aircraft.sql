SET SESSION lock_wait_timeout = 1;
--
-- Drop the trigger that mirrored plane (postgresql)
--
-- (no-op)
--
-- Backwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
-- (no-op)
--
-- Forwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('part1_plane', 'part1_aircraft')), 1), COALESCE((SELECT MAX(`id`) FROM `part1_aircraft`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `part1_aircraft` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
--
-- Rename plane.id to aircraft_ptr (column aircraft_ptr_id)
--
ALTER TABLE `part1_plane` RENAME COLUMN `id` TO `aircraft_ptr_id`, ALGORITHM=INSTANT;
--
-- Remove registration from plane (moved to aircraft)
--
ALTER TABLE `part1_plane` DROP COLUMN `registration`, ALGORITHM=INSTANT;
--
-- Make plane.aircraft_ptr the link to the parent part1.aircraft
--
ALTER TABLE `part1_plane_pilots` DROP FOREIGN KEY `part1_plane_pilots_plane_id_9a9f3a87_fk_part1_plane_id`, ALGORITHM=INSTANT;
ALTER TABLE `part1_parkingbay` DROP FOREIGN KEY `part1_parkingbay_plane_id_d9a62853_fk_part1_plane_id`, ALGORITHM=INSTANT;
ALTER TABLE `part1_plane` MODIFY `aircraft_ptr_id` integer NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `part1_plane_pilots` MODIFY `plane_id` integer NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `part1_parkingbay` MODIFY `plane_id` integer NOT NULL, ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `part1_plane` ADD CONSTRAINT `part1_plane_aircraft_ptr_id_bce3c15b_fk_part1_aircraft_id` FOREIGN KEY (`aircraft_ptr_id`) REFERENCES `part1_aircraft` (`id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `part1_plane_pilots` ADD CONSTRAINT `part1_plane_pilots_plane_id_9a9f3a87_fk` FOREIGN KEY (`plane_id`) REFERENCES `part1_plane` (`aircraft_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `part1_parkingbay` ADD CONSTRAINT `part1_parkingbay_plane_id_d9a62853_fk` FOREIGN KEY (`plane_id`) REFERENCES `part1_plane` (`aircraft_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
--
-- Drop the trigger that mirrored plane (mysql)
--
DROP TRIGGER IF EXISTS `mw_mirror_part1_plane_i`;
DROP TRIGGER IF EXISTS `mw_mirror_part1_plane_u`;
DROP TRIGGER IF EXISTS `mw_mirror_part1_plane_d`;
DELETE p FROM `part1_aircraft` p JOIN `mw_gone_part1_plane` g ON g.`id` = p.`id` LEFT JOIN `part1_plane` c ON c.`aircraft_ptr_id` = p.`id` WHERE c.`aircraft_ptr_id` IS NULL;
DROP TABLE IF EXISTS `mw_gone_part1_plane`;
--
-- Make plane inherit from part1.aircraft
--
-- (no-op)
