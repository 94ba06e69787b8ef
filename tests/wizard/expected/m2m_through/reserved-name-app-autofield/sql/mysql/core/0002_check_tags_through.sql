--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for checktag to (default)
--
RENAME TABLE `core_check_tags` TO `core_checktag`;
--
-- Add field position to checktag; keep the id counter of checktag (SQLite)
--
ALTER TABLE `core_checktag` ADD COLUMN `position` integer UNSIGNED DEFAULT 0 NOT NULL CHECK (`position` >= 0);
ALTER TABLE `core_checktag` ALTER COLUMN `position` DROP DEFAULT;
