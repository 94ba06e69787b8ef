--
-- Make bolt a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field part_ptr on bolt
--
ALTER TABLE `core_bolt` DROP FOREIGN KEY `core_bolt_part_ptr_id_7cea08f9_fk_core_part_id`;
ALTER TABLE `core_bolt` MODIFY `part_ptr_id` bigint AUTO_INCREMENT NOT NULL;
--
-- Backwards: move the id sequence of part past its ids and past the sequence of bolt
--
-- (no-op)
--
-- Declare code, batch on bolt and copy their values down from part
--
ALTER TABLE `core_bolt` ADD COLUMN `code` varchar(20) NULL;
ALTER TABLE `core_bolt` ADD COLUMN `batch` integer NULL;
UPDATE `core_bolt` INNER JOIN `core_part` ON `core_part`.`id` = `core_bolt`.`part_ptr_id` SET `core_bolt`.`code` = `core_part`.`code`, `core_bolt`.`batch` = `core_part`.`batch`;
ALTER TABLE `core_bolt` MODIFY `code` varchar(20) NOT NULL;
ALTER TABLE `core_bolt` ALTER COLUMN `batch` SET DEFAULT 1;
UPDATE `core_bolt` SET `batch` = 1 WHERE `batch` IS NULL;
ALTER TABLE `core_bolt` MODIFY `batch` integer NOT NULL;
ALTER TABLE `core_bolt` ALTER COLUMN `batch` DROP DEFAULT;
--
-- Rename bolt.part_ptr to id (column id)
--
ALTER TABLE `core_bolt` RENAME COLUMN `part_ptr_id` TO `id`;
--
-- Alter unique_together for bolt (1 constraint(s))
--
ALTER TABLE `core_bolt` ADD CONSTRAINT `core_bolt_code_batch_182e0b43_uniq` UNIQUE (`code`, `batch`);
--
-- Create index core_bolt_batch_16ac1d_idx on field(s) batch of model bolt
--
CREATE INDEX `core_bolt_batch_16ac1d_idx` ON `core_bolt` (`batch`);
--
-- Backwards: keep the id counter of bolt aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of bolt past its ids and past the sequence of part
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('core_part', 'core_bolt')), 1), COALESCE((SELECT MAX(`id`) FROM `core_bolt`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `core_bolt` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
