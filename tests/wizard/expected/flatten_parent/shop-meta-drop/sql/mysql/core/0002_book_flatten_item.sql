--
-- Check that every item row is a book row
--
-- (no-op)
--
-- Make book a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field item_ptr on book
--
ALTER TABLE `core_book` DROP FOREIGN KEY `core_book_item_ptr_id_4bfd6680_fk_core_item_id`;
ALTER TABLE `core_shelf_books` DROP FOREIGN KEY `core_shelf_books_book_id_8a576626_fk_core_book_item_ptr_id`;
ALTER TABLE `core_book` MODIFY `item_ptr_id` bigint AUTO_INCREMENT NOT NULL;
ALTER TABLE `core_shelf_books` MODIFY `book_id` bigint NOT NULL;
ALTER TABLE `core_shelf_books` ADD CONSTRAINT `core_shelf_books_book_id_8a576626_fk` FOREIGN KEY (`book_id`) REFERENCES `core_book` (`item_ptr_id`);
--
-- Backwards: move the id sequence of item past its ids and past the sequence of book
--
-- (no-op)
--
-- Declare code, batch, weight on book and copy their values down from item
--
ALTER TABLE `core_book` ADD COLUMN `code` varchar(20) NULL;
ALTER TABLE `core_book` ADD COLUMN `batch` integer NULL;
ALTER TABLE `core_book` ADD COLUMN `weight` integer NULL;
UPDATE `core_book` INNER JOIN `core_item` ON `core_item`.`id` = `core_book`.`item_ptr_id` SET `core_book`.`code` = `core_item`.`code`, `core_book`.`batch` = `core_item`.`batch`, `core_book`.`weight` = `core_item`.`weight`;
ALTER TABLE `core_book` MODIFY `code` varchar(20) NOT NULL;
ALTER TABLE `core_book` ALTER COLUMN `batch` SET DEFAULT 1;
UPDATE `core_book` SET `batch` = 1 WHERE `batch` IS NULL;
ALTER TABLE `core_book` MODIFY `batch` integer NOT NULL;
ALTER TABLE `core_book` ALTER COLUMN `batch` DROP DEFAULT;
ALTER TABLE `core_book` ALTER COLUMN `weight` SET DEFAULT 1;
UPDATE `core_book` SET `weight` = 1 WHERE `weight` IS NULL;
ALTER TABLE `core_book` MODIFY `weight` integer NOT NULL;
ALTER TABLE `core_book` ALTER COLUMN `weight` DROP DEFAULT;
--
-- Rename book.item_ptr to id (column id)
--
ALTER TABLE `core_book` RENAME COLUMN `item_ptr_id` TO `id`;
--
-- Forwards: keep the id counter of item aside (SQLite)
--
-- (no-op)
--
-- Remove index core_item_weight_26f72d_idx from item
--
DROP INDEX `core_item_weight_26f72d_idx` ON `core_item`;
--
-- Remove index item_code_weight_idx from item
--
DROP INDEX `item_code_weight_idx` ON `core_item`;
--
-- Remove constraint item_weight_positive from model item
--
ALTER TABLE `core_item` DROP CONSTRAINT IF EXISTS `item_weight_positive`;
--
-- Alter unique_together for book (1 constraint(s))
--
ALTER TABLE `core_book` ADD CONSTRAINT `core_book_code_batch_f525a708_uniq` UNIQUE (`code`, `batch`);
--
-- Create index core_book_weight_d9bef3_idx on field(s) weight of model book
--
CREATE INDEX `core_book_weight_d9bef3_idx` ON `core_book` (`weight`);
--
-- Create index item_code_weight_idx on field(s) code, weight of model book
--
CREATE INDEX `item_code_weight_idx` ON `core_book` (`code`, `weight`);
--
-- Create constraint item_weight_positive on model book
--
ALTER TABLE `core_book` ADD CONSTRAINT `item_weight_positive` CHECK (`weight` >= 0);
--
-- Backwards: keep the id counter of book aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of book past its ids and past the sequence of item
--
SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('core_item', 'core_book')), 1), COALESCE((SELECT MAX(`id`) FROM `core_book`), 0) + 1);
SET @mw_sql = CONCAT('ALTER TABLE `core_book` AUTO_INCREMENT = ', @mw_next_id);
PREPARE mw_carry_sequence FROM @mw_sql;
EXECUTE mw_carry_sequence;
DEALLOCATE PREPARE mw_carry_sequence;
--
-- Delete model Item
--
DROP TABLE `core_item` CASCADE;
