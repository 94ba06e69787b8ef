BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Make Special inherit from catalog.product
--
-- (no-op)
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Raw Python operation
--
-- THIS OPERATION CANNOT BE WRITTEN AS SQL
COMMIT;
