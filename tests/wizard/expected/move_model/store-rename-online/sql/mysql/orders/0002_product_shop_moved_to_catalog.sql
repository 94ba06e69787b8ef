SET SESSION lock_wait_timeout = 1;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Custom state/database change combination
--
-- (no-op)
