--
-- Forwards: keep the id counter of plane aside (SQLite)
--
-- (no-op)
--
-- Backwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
-- (no-op)
--
-- Alter unique_together for plane (0 constraint(s))
--
ALTER TABLE `hangar_plane` DROP INDEX `hangar_plane_registration_kind_a65f966d_uniq`;
--
-- Remove index plane_owner_kind_idx from plane
--
DROP INDEX `plane_owner_kind_idx` ON `hangar_plane`;
--
-- Remove constraint plane_owner_nick_uniq from model plane
--
ALTER TABLE `hangar_plane` DROP INDEX `plane_owner_nick_uniq`;
--
-- Create index plane_owner_kind_idx on field(s) owner, kind of model aircraft
--
CREATE INDEX `plane_owner_kind_idx` ON `hangar_aircraft` (`owner_id`, `kind`);
--
-- Create constraint plane_owner_nick_uniq on model aircraft
--
ALTER TABLE `hangar_aircraft` ADD CONSTRAINT `plane_owner_nick_uniq` UNIQUE (`owner_id`, `nickname`);
--
-- Forwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('hangar_plane', 'hangar_aircraft')), 1), COALESCE((SELECT MAX(`id`) FROM `hangar_aircraft`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `hangar_aircraft` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
--
-- Backwards: keep the id counter of aircraft aside (SQLite)
--
-- (no-op)
--
-- Rename plane.id to aircraft_ptr (column aircraft_ptr_id)
--
ALTER TABLE `hangar_plane` RENAME COLUMN `id` TO `aircraft_ptr_id`;
--
-- Remove registration, kind, owner, nickname from plane (moved to aircraft); on SQLite the next rebuild of the table drops them
--
ALTER TABLE `hangar_plane` DROP COLUMN `registration`;
ALTER TABLE `hangar_plane` DROP COLUMN `kind`;
ALTER TABLE `hangar_plane` DROP FOREIGN KEY `hangar_plane_owner_id_afcaa210_fk_hangar_owner_id`;
ALTER TABLE `hangar_plane` DROP COLUMN `owner_id`;
ALTER TABLE `hangar_plane` DROP COLUMN `nickname`;
--
-- Make plane.aircraft_ptr the link to the parent hangar.aircraft
--
ALTER TABLE `hangar_plane_pilots` DROP FOREIGN KEY `hangar_plane_pilots_plane_id_d3868b22_fk_hangar_plane_id`;
ALTER TABLE `hangar_plane` DROP FOREIGN KEY `hangar_plane_leader_id_75492728_fk_hangar_plane_id`;
ALTER TABLE `hangar_jetplane` DROP FOREIGN KEY `hangar_jetplane_plane_ptr_id_e579a6d4_fk_hangar_plane_id`;
ALTER TABLE `hangar_logbook` DROP FOREIGN KEY `hangar_logbook_plane_id_55112afe_fk_hangar_plane_id`;
ALTER TABLE `hangar_parkingbay` DROP FOREIGN KEY `hangar_parkingbay_plane_id_a018b565_fk_hangar_plane_id`;
ALTER TABLE `hangar_plane` MODIFY `aircraft_ptr_id` integer NOT NULL;
ALTER TABLE `hangar_plane_pilots` MODIFY `plane_id` integer NOT NULL;
ALTER TABLE `hangar_plane` MODIFY `leader_id` integer NULL;
ALTER TABLE `hangar_jetplane` MODIFY `plane_ptr_id` integer NOT NULL;
ALTER TABLE `hangar_logbook` MODIFY `plane_id` integer NOT NULL;
ALTER TABLE `hangar_parkingbay` MODIFY `plane_id` integer NOT NULL;
ALTER TABLE `hangar_plane` ADD CONSTRAINT `hangar_plane_aircraft_ptr_id_2d2029dc_fk_hangar_aircraft_id` FOREIGN KEY (`aircraft_ptr_id`) REFERENCES `hangar_aircraft` (`id`);
ALTER TABLE `hangar_plane_pilots` ADD CONSTRAINT `hangar_plane_pilots_plane_id_d3868b22_fk` FOREIGN KEY (`plane_id`) REFERENCES `hangar_plane` (`aircraft_ptr_id`);
ALTER TABLE `hangar_plane` ADD CONSTRAINT `hangar_plane_leader_id_75492728_fk` FOREIGN KEY (`leader_id`) REFERENCES `hangar_plane` (`aircraft_ptr_id`);
ALTER TABLE `hangar_jetplane` ADD CONSTRAINT `hangar_jetplane_plane_ptr_id_e579a6d4_fk` FOREIGN KEY (`plane_ptr_id`) REFERENCES `hangar_plane` (`aircraft_ptr_id`);
ALTER TABLE `hangar_logbook` ADD CONSTRAINT `hangar_logbook_plane_id_55112afe_fk` FOREIGN KEY (`plane_id`) REFERENCES `hangar_plane` (`aircraft_ptr_id`);
ALTER TABLE `hangar_parkingbay` ADD CONSTRAINT `hangar_parkingbay_plane_id_a018b565_fk` FOREIGN KEY (`plane_id`) REFERENCES `hangar_plane` (`aircraft_ptr_id`);
--
-- Make plane inherit from hangar.aircraft
--
-- (no-op)
