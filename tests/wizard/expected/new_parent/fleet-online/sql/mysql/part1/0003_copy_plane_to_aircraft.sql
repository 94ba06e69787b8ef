--
-- Mirror every write to plane into aircraft until the link is made (a trigger)
--
SET SESSION lock_wait_timeout = 1;
CREATE TABLE IF NOT EXISTS `mw_gone_part1_plane` (`id` integer NOT NULL);
DROP TRIGGER IF EXISTS `mw_mirror_part1_plane_i`;
DROP TRIGGER IF EXISTS `mw_mirror_part1_plane_u`;
DROP TRIGGER IF EXISTS `mw_mirror_part1_plane_d`;
CREATE TRIGGER `mw_mirror_part1_plane_i` AFTER INSERT ON `part1_plane` FOR EACH ROW INSERT INTO `part1_aircraft` (`id`, `registration`) VALUES (NEW.`id`, NEW.`registration`) ON DUPLICATE KEY UPDATE `registration` = NEW.`registration`;
CREATE TRIGGER `mw_mirror_part1_plane_u` AFTER UPDATE ON `part1_plane` FOR EACH ROW BEGIN IF NOT (NEW.`id` <=> OLD.`id`) THEN INSERT INTO `mw_gone_part1_plane` (`id`) VALUES (OLD.`id`); DELETE FROM `part1_aircraft` WHERE `id` = OLD.`id`; END IF; INSERT INTO `part1_aircraft` (`id`, `registration`) VALUES (NEW.`id`, NEW.`registration`) ON DUPLICATE KEY UPDATE `registration` = NEW.`registration`; END;
CREATE TRIGGER `mw_mirror_part1_plane_d` AFTER DELETE ON `part1_plane` FOR EACH ROW BEGIN INSERT INTO `mw_gone_part1_plane` (`id`) VALUES (OLD.`id`); DELETE FROM `part1_aircraft` WHERE `id` = OLD.`id`; END;
--
-- Copy the ids and registration of every plane into aircraft, 50000 rows at a time
--
SELECT `id` FROM `part1_plane` WHERE `id` > %s ORDER BY `id` LIMIT 1 OFFSET 49999;
INSERT INTO `part1_aircraft` (`id`, `registration`) SELECT `id`, `registration` FROM `part1_plane` WHERE `id` > %s AND `id` <= %s ON DUPLICATE KEY UPDATE `id` = `part1_aircraft`.`id`;
