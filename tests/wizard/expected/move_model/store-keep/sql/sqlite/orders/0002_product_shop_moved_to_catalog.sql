BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Custom state/database change combination
--
-- (no-op)
COMMIT;
