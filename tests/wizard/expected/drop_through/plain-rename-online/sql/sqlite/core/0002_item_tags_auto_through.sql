--
-- Rename table for itemtag to core_item_tags
--
ALTER TABLE "core_itemtag" RENAME TO "core_item_tags";
--
-- Custom state/database change combination
--
-- (no-op)
