BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for checktag to (default)
--
ALTER TABLE "core_check_tags" RENAME TO "core_checktag";
--
-- Add field position to checktag; keep the id counter of checktag (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_checktag';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:core_checktag', seq FROM sqlite_sequence WHERE name = 'core_checktag';
CREATE TABLE "new__core_checktag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "check_id" integer NOT NULL REFERENCES "core_check" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" integer NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED, "position" integer unsigned NOT NULL CHECK ("position" >= 0));
INSERT INTO "new__core_checktag" ("id", "check_id", "tag_id", "position") SELECT "id", "check_id", "tag_id", 0 FROM "core_checktag";
DROP TABLE "core_checktag";
ALTER TABLE "new__core_checktag" RENAME TO "core_checktag";
CREATE UNIQUE INDEX "core_checktag_check_id_tag_id_1629f0b9_uniq" ON "core_checktag" ("check_id", "tag_id");
CREATE INDEX "core_checktag_check_id_d7aa7242" ON "core_checktag" ("check_id");
CREATE INDEX "core_checktag_tag_id_452a66cb" ON "core_checktag" ("tag_id");
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_checktag', 0 FROM sqlite_sequence WHERE name = 'mw_high_water:core_checktag' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_checktag');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'mw_high_water:core_checktag'), 0)) WHERE name = 'core_checktag';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_checktag';
COMMIT;
