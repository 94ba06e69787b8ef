BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Custom state/database change combination
--
-- (no-op)
COMMIT;
