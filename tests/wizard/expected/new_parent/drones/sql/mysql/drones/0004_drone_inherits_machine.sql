--
-- Rename drone.serial to machine_ptr (column machine_ptr_id)
--
ALTER TABLE `drones_drone` RENAME COLUMN `serial` TO `machine_ptr_id`;
--
-- Remove label from drone (moved to machine); on SQLite the next rebuild of the table drops them
--
ALTER TABLE `drones_drone` DROP COLUMN `label`;
--
-- Make drone.machine_ptr the link to the parent drones.machine
--
ALTER TABLE `drones_drone` ADD CONSTRAINT `drones_drone_machine_ptr_id_79fcc4a0_fk_drones_machine_serial` FOREIGN KEY (`machine_ptr_id`) REFERENCES `drones_machine` (`serial`);
--
-- Make drone inherit from drones.machine
--
-- (no-op)
