BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for checktag to (default)
--
ALTER TABLE "core_check_tags" RENAME TO "core_checktag";
--
-- Add field position to checktag; keep the id counter of checktag (SQLite)
--
ALTER TABLE "core_checktag" ADD COLUMN "position" integer DEFAULT 0 NOT NULL CHECK ("position" >= 0);
ALTER TABLE "core_checktag" ALTER COLUMN "position" DROP DEFAULT;
COMMIT;
