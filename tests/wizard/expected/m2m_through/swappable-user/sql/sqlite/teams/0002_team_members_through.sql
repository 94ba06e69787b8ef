BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for membership to (default)
--
ALTER TABLE "teams_team_members" RENAME TO "teams_membership";
COMMIT;
