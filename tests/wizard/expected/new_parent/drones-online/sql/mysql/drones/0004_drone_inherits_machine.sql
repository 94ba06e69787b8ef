SET SESSION lock_wait_timeout = 1;
--
-- Drop the trigger that mirrored drone (postgresql)
--
-- (no-op)
--
-- Rename drone.serial to machine_ptr (column machine_ptr_id)
--
ALTER TABLE `drones_drone` RENAME COLUMN `serial` TO `machine_ptr_id`, ALGORITHM=INSTANT;
--
-- Remove label from drone (moved to machine)
--
ALTER TABLE `drones_drone` DROP COLUMN `label`, ALGORITHM=INSTANT;
--
-- Make drone.machine_ptr the link to the parent drones.machine
--
SET SESSION foreign_key_checks = 0;
ALTER TABLE `drones_drone` ADD CONSTRAINT `drones_drone_machine_ptr_id_79fcc4a0_fk_drones_machine_serial` FOREIGN KEY (`machine_ptr_id`) REFERENCES `drones_machine` (`serial`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
--
-- Drop the trigger that mirrored drone (mysql)
--
DROP TRIGGER IF EXISTS `mw_mirror_drones_drone_i`;
DROP TRIGGER IF EXISTS `mw_mirror_drones_drone_u`;
DROP TRIGGER IF EXISTS `mw_mirror_drones_drone_d`;
DELETE p FROM `drones_machine` p JOIN `mw_gone_drones_drone` g ON g.`id` = p.`serial` LEFT JOIN `drones_drone` c ON c.`machine_ptr_id` = p.`serial` WHERE c.`machine_ptr_id` IS NULL;
DROP TABLE IF EXISTS `mw_gone_drones_drone`;
--
-- Make drone inherit from drones.machine
--
-- (no-op)
