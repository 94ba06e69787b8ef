BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for friendship to (default)
--
ALTER TABLE "core_person_friends" RENAME TO "core_friendship";
COMMIT;
