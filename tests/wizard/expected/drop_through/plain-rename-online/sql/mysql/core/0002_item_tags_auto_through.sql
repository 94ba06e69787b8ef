SET SESSION lock_wait_timeout = 1;
--
-- Rename table for itemtag to core_item_tags
--
RENAME TABLE `core_itemtag` TO `core_item_tags`;
--
-- Custom state/database change combination
--
-- (no-op)
