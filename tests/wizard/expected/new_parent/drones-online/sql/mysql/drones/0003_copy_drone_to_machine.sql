--
-- Mirror every write to drone into machine until the link is made (a trigger)
--
SET SESSION lock_wait_timeout = 1;
CREATE TABLE IF NOT EXISTS `mw_gone_drones_drone` (`id` uuid NOT NULL);
DROP TRIGGER IF EXISTS `mw_mirror_drones_drone_i`;
DROP TRIGGER IF EXISTS `mw_mirror_drones_drone_u`;
DROP TRIGGER IF EXISTS `mw_mirror_drones_drone_d`;
CREATE TRIGGER `mw_mirror_drones_drone_i` AFTER INSERT ON `drones_drone` FOR EACH ROW INSERT INTO `drones_machine` (`serial`, `label`) VALUES (NEW.`serial`, NEW.`label`) ON DUPLICATE KEY UPDATE `label` = NEW.`label`;
CREATE TRIGGER `mw_mirror_drones_drone_u` AFTER UPDATE ON `drones_drone` FOR EACH ROW BEGIN IF NOT (NEW.`serial` <=> OLD.`serial`) THEN INSERT INTO `mw_gone_drones_drone` (`id`) VALUES (OLD.`serial`); DELETE FROM `drones_machine` WHERE `serial` = OLD.`serial`; END IF; INSERT INTO `drones_machine` (`serial`, `label`) VALUES (NEW.`serial`, NEW.`label`) ON DUPLICATE KEY UPDATE `label` = NEW.`label`; END;
CREATE TRIGGER `mw_mirror_drones_drone_d` AFTER DELETE ON `drones_drone` FOR EACH ROW BEGIN INSERT INTO `mw_gone_drones_drone` (`id`) VALUES (OLD.`serial`); DELETE FROM `drones_machine` WHERE `serial` = OLD.`serial`; END;
--
-- Copy the ids and label of every drone into machine, 50000 rows at a time
--
SELECT `serial` FROM `drones_drone` WHERE `serial` > %s ORDER BY `serial` LIMIT 1 OFFSET 49999;
INSERT INTO `drones_machine` (`serial`, `label`) SELECT `serial`, `label` FROM `drones_drone` WHERE `serial` > %s AND `serial` <= %s ON DUPLICATE KEY UPDATE `serial` = `drones_machine`.`serial`;
