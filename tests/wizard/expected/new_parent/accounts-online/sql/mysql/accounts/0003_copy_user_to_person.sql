--
-- Mirror every write to user into person until the link is made (a trigger)
--
SET SESSION lock_wait_timeout = 1;
CREATE TABLE IF NOT EXISTS `mw_gone_accounts_user` (`id` bigint NOT NULL);
DROP TRIGGER IF EXISTS `mw_mirror_accounts_user_i`;
DROP TRIGGER IF EXISTS `mw_mirror_accounts_user_u`;
DROP TRIGGER IF EXISTS `mw_mirror_accounts_user_d`;
CREATE TRIGGER `mw_mirror_accounts_user_i` AFTER INSERT ON `accounts_user` FOR EACH ROW INSERT INTO `accounts_person` (`id`, `nickname`, `shoe_size`) VALUES (NEW.`id`, NEW.`nickname`, NEW.`shoe_size`) ON DUPLICATE KEY UPDATE `nickname` = NEW.`nickname`, `shoe_size` = NEW.`shoe_size`;
CREATE TRIGGER `mw_mirror_accounts_user_u` AFTER UPDATE ON `accounts_user` FOR EACH ROW BEGIN IF NOT (NEW.`id` <=> OLD.`id`) THEN INSERT INTO `mw_gone_accounts_user` (`id`) VALUES (OLD.`id`); DELETE FROM `accounts_person` WHERE `id` = OLD.`id`; END IF; INSERT INTO `accounts_person` (`id`, `nickname`, `shoe_size`) VALUES (NEW.`id`, NEW.`nickname`, NEW.`shoe_size`) ON DUPLICATE KEY UPDATE `nickname` = NEW.`nickname`, `shoe_size` = NEW.`shoe_size`; END;
CREATE TRIGGER `mw_mirror_accounts_user_d` AFTER DELETE ON `accounts_user` FOR EACH ROW BEGIN INSERT INTO `mw_gone_accounts_user` (`id`) VALUES (OLD.`id`); DELETE FROM `accounts_person` WHERE `id` = OLD.`id`; END;
--
-- Copy the ids and nickname, shoe_size of every user into person, 50000 rows at a time
--
SELECT `id` FROM `accounts_user` WHERE `id` > %s ORDER BY `id` LIMIT 1 OFFSET 49999;
INSERT INTO `accounts_person` (`id`, `nickname`, `shoe_size`) SELECT `id`, `nickname`, `shoe_size` FROM `accounts_user` WHERE `id` > %s AND `id` <= %s ON DUPLICATE KEY UPDATE `id` = `accounts_person`.`id`;
