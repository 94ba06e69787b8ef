BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for authorship to (default)
--
ALTER TABLE "library_book_authors" RENAME TO "library_authorship";
COMMIT;
