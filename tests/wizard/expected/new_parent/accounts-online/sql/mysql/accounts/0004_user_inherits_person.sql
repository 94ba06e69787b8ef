SET SESSION lock_wait_timeout = 1;
--
-- Drop the trigger that mirrored user (postgresql)
--
-- (no-op)
--
-- Backwards: move the id sequence of user past its ids and past the sequence of person
--
-- (no-op)
--
-- Forwards: move the id sequence of person past its ids and past the sequence of user
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('accounts_user', 'accounts_person')), 1), COALESCE((SELECT MAX(`id`) FROM `accounts_person`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `accounts_person` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
--
-- Rename user.id to person_ptr (column person_ptr_id)
--
ALTER TABLE `accounts_user` RENAME COLUMN `id` TO `person_ptr_id`, ALGORITHM=INSTANT;
--
-- Remove nickname, shoe_size from user (moved to person)
--
ALTER TABLE `accounts_user` DROP COLUMN `nickname`, ALGORITHM=INSTANT;
ALTER TABLE `accounts_user` DROP COLUMN `shoe_size`, ALGORITHM=INSTANT;
--
-- Make user.person_ptr the link to the parent accounts.person
--
ALTER TABLE `accounts_user_groups` DROP FOREIGN KEY `accounts_user_groups_user_id_52b62117_fk_accounts_user_id`, ALGORITHM=INSTANT;
ALTER TABLE `accounts_user_user_permissions` DROP FOREIGN KEY `accounts_user_user_p_user_id_e4f0a161_fk_accounts_`, ALGORITHM=INSTANT;
ALTER TABLE `accounts_note` DROP FOREIGN KEY `accounts_note_author_id_71e207e1_fk_accounts_user_id`, ALGORITHM=INSTANT;
ALTER TABLE `accounts_user` MODIFY `person_ptr_id` bigint NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `accounts_user_groups` MODIFY `user_id` bigint NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `accounts_user_user_permissions` MODIFY `user_id` bigint NOT NULL, ALGORITHM=INSTANT;
ALTER TABLE `accounts_note` MODIFY `author_id` bigint NOT NULL, ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `accounts_user` ADD CONSTRAINT `accounts_user_person_ptr_id_f9ca8d56_fk_accounts_person_id` FOREIGN KEY (`person_ptr_id`) REFERENCES `accounts_person` (`id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `accounts_user_groups` ADD CONSTRAINT `accounts_user_groups_user_id_52b62117_fk` FOREIGN KEY (`user_id`) REFERENCES `accounts_user` (`person_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `accounts_user_user_permissions` ADD CONSTRAINT `accounts_user_user_permissions_user_id_e4f0a161_fk` FOREIGN KEY (`user_id`) REFERENCES `accounts_user` (`person_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
SET SESSION foreign_key_checks = 0;
ALTER TABLE `accounts_note` ADD CONSTRAINT `accounts_note_author_id_71e207e1_fk` FOREIGN KEY (`author_id`) REFERENCES `accounts_user` (`person_ptr_id`), ALGORITHM=INSTANT;
SET SESSION foreign_key_checks = 1;
--
-- Drop the trigger that mirrored user (mysql)
--
DROP TRIGGER IF EXISTS `mw_mirror_accounts_user_i`;
DROP TRIGGER IF EXISTS `mw_mirror_accounts_user_u`;
DROP TRIGGER IF EXISTS `mw_mirror_accounts_user_d`;
DELETE p FROM `accounts_person` p JOIN `mw_gone_accounts_user` g ON g.`id` = p.`id` LEFT JOIN `accounts_user` c ON c.`person_ptr_id` = p.`id` WHERE c.`person_ptr_id` IS NULL;
DROP TABLE IF EXISTS `mw_gone_accounts_user`;
--
-- Make user inherit from accounts.person
--
-- (no-op)
