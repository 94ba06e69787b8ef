SET SESSION lock_wait_timeout = 1;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for product to (default)
--
RENAME TABLE `shop_product` TO `catalog_product`;
RENAME TABLE `shop_product_tags` TO `catalog_product_tags`;
