BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for postcategory to (default)
--
ALTER TABLE "core_post_categories" RENAME TO "core_postcategory";
--
-- Add field date_created to postcategory; keep the id counter of postcategory (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_postcategory';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:core_postcategory', seq FROM sqlite_sequence WHERE name = 'core_postcategory';
CREATE TABLE "new__core_postcategory" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "post_id" bigint NOT NULL REFERENCES "core_post" ("id") DEFERRABLE INITIALLY DEFERRED, "category_id" bigint NOT NULL REFERENCES "core_category" ("id") DEFERRABLE INITIALLY DEFERRED, "date_created" date NOT NULL);
INSERT INTO "new__core_postcategory" ("id", "post_id", "category_id", "date_created") SELECT "id", "post_id", "category_id", '2024-01-01' FROM "core_postcategory";
DROP TABLE "core_postcategory";
ALTER TABLE "new__core_postcategory" RENAME TO "core_postcategory";
CREATE UNIQUE INDEX "core_postcategory_post_id_category_id_a224f23d_uniq" ON "core_postcategory" ("post_id", "category_id");
CREATE INDEX "core_postcategory_post_id_8fc9959a" ON "core_postcategory" ("post_id");
CREATE INDEX "core_postcategory_category_id_9161e7be" ON "core_postcategory" ("category_id");
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_postcategory', 0 FROM sqlite_sequence WHERE name = 'mw_high_water:core_postcategory' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_postcategory');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'mw_high_water:core_postcategory'), 0)) WHERE name = 'core_postcategory';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_postcategory';
COMMIT;
