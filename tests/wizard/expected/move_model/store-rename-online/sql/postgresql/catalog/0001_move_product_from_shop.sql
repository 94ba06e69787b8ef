BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for product to (default)
--
ALTER TABLE "shop_product" RENAME TO "catalog_product";
ALTER TABLE "shop_product_tags" RENAME TO "catalog_product_tags";
COMMIT;
