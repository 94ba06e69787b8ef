--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for postcategory to (default)
--
RENAME TABLE `core_post_categories` TO `core_postcategory`;
--
-- Add field date_created to postcategory; keep the id counter of postcategory (SQLite)
--
ALTER TABLE `core_postcategory` ADD COLUMN `date_created` date DEFAULT '2024-01-01' NOT NULL;
ALTER TABLE `core_postcategory` ALTER COLUMN `date_created` DROP DEFAULT;
