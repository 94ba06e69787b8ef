BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for itemtag to (default)
--
ALTER TABLE "legacy_item_tags" RENAME TO "core_itemtag";
COMMIT;
