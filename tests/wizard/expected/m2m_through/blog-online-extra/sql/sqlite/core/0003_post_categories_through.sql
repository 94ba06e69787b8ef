--
-- Custom state/database change combination
--
-- (no-op)
--
-- Add field weight to postcategory; keep the id counter of postcategory (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_post_categories';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:core_post_categories', seq FROM sqlite_sequence WHERE name = 'core_post_categories';
CREATE TABLE "new__core_post_categories" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "post_id" bigint NOT NULL REFERENCES "core_post" ("id") DEFERRABLE INITIALLY DEFERRED, "category_id" bigint NOT NULL REFERENCES "core_category" ("id") DEFERRABLE INITIALLY DEFERRED, "weight" integer NOT NULL);
INSERT INTO "new__core_post_categories" ("id", "post_id", "category_id", "weight") SELECT "id", "post_id", "category_id", 1 FROM "core_post_categories";
DROP TABLE "core_post_categories";
ALTER TABLE "new__core_post_categories" RENAME TO "core_post_categories";
CREATE UNIQUE INDEX "core_post_categories_post_id_category_id_e76473ab_uniq" ON "core_post_categories" ("post_id", "category_id");
CREATE INDEX "core_post_categories_post_id_1cfe2180" ON "core_post_categories" ("post_id");
CREATE INDEX "core_post_categories_category_id_6cf73b78" ON "core_post_categories" ("category_id");
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_post_categories', 0 FROM sqlite_sequence WHERE name = 'mw_high_water:core_post_categories' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_post_categories');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'mw_high_water:core_post_categories'), 0)) WHERE name = 'core_post_categories';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_post_categories';
