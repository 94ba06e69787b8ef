--
-- Mirror every write to car into vehicle until the link is made (a trigger)
--
SET SESSION lock_wait_timeout = 1;
CREATE TABLE IF NOT EXISTS `mw_gone_garage_car` (`id` bigint NOT NULL);
DROP TRIGGER IF EXISTS `mw_mirror_garage_car_i`;
DROP TRIGGER IF EXISTS `mw_mirror_garage_car_u`;
DROP TRIGGER IF EXISTS `mw_mirror_garage_car_d`;
CREATE TRIGGER `mw_mirror_garage_car_i` AFTER INSERT ON `garage_car` FOR EACH ROW INSERT INTO `garage_vehicle` (`number`, `plate`, `colour`) VALUES (NEW.`number`, NEW.`plate`, NEW.`colour`) ON DUPLICATE KEY UPDATE `plate` = NEW.`plate`, `colour` = NEW.`colour`;
CREATE TRIGGER `mw_mirror_garage_car_u` AFTER UPDATE ON `garage_car` FOR EACH ROW BEGIN IF NOT (NEW.`number` <=> OLD.`number`) THEN INSERT INTO `mw_gone_garage_car` (`id`) VALUES (OLD.`number`); DELETE FROM `garage_vehicle` WHERE `number` = OLD.`number`; END IF; INSERT INTO `garage_vehicle` (`number`, `plate`, `colour`) VALUES (NEW.`number`, NEW.`plate`, NEW.`colour`) ON DUPLICATE KEY UPDATE `plate` = NEW.`plate`, `colour` = NEW.`colour`; END;
CREATE TRIGGER `mw_mirror_garage_car_d` AFTER DELETE ON `garage_car` FOR EACH ROW BEGIN INSERT INTO `mw_gone_garage_car` (`id`) VALUES (OLD.`number`); DELETE FROM `garage_vehicle` WHERE `number` = OLD.`number`; END;
--
-- Copy the ids and plate, colour of every car into vehicle, 50000 rows at a time
--
SELECT `number` FROM `garage_car` WHERE `number` > %s ORDER BY `number` LIMIT 1 OFFSET 49999;
INSERT INTO `garage_vehicle` (`number`, `plate`, `colour`) SELECT `number`, `plate`, `colour` FROM `garage_car` WHERE `number` > %s AND `number` <= %s ON DUPLICATE KEY UPDATE `number` = `garage_vehicle`.`number`;
