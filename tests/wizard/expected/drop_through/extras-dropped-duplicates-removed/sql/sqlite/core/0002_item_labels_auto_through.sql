BEGIN;
--
-- Leave the foreign keys of labelling with their own indexes (MySQL, going back)
--
-- (no-op)
--
-- Raw Python operation
--
-- THIS OPERATION CANNOT BE WRITTEN AS SQL
--
-- Alter field note on labelling; Remove field note from labelling; Remove field weight from labelling; Alter field id on labelling; Rename field thing on labelling to item; Rename field label on labelling to tag; keep the id counter of labelling (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_labelling';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:core_labelling', seq FROM sqlite_sequence WHERE name = 'core_labelling';
CREATE TABLE "new__core_labelling" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "weight" integer NOT NULL, "thing_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED, "label_id" bigint NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED, "note" varchar(20) NOT NULL);
INSERT INTO "new__core_labelling" ("id", "weight", "thing_id", "label_id", "note") SELECT "id", "weight", "thing_id", "label_id", "note" FROM "core_labelling";
DROP TABLE "core_labelling";
ALTER TABLE "new__core_labelling" RENAME TO "core_labelling";
CREATE INDEX "core_labelling_thing_id_595da3e2" ON "core_labelling" ("thing_id");
CREATE INDEX "core_labelling_label_id_6e06ec3e" ON "core_labelling" ("label_id");
ALTER TABLE "core_labelling" DROP COLUMN "note";
ALTER TABLE "core_labelling" DROP COLUMN "weight";
CREATE TABLE "new__core_labelling" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "thing_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED, "label_id" bigint NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_labelling" ("thing_id", "label_id", "id") SELECT "thing_id", "label_id", "id" FROM "core_labelling";
DROP TABLE "core_labelling";
ALTER TABLE "new__core_labelling" RENAME TO "core_labelling";
CREATE INDEX "core_labelling_thing_id_595da3e2" ON "core_labelling" ("thing_id");
CREATE INDEX "core_labelling_label_id_6e06ec3e" ON "core_labelling" ("label_id");
CREATE TABLE "new__core_labelling" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label_id" bigint NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED, "item_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_labelling" ("id", "label_id", "item_id") SELECT "id", "label_id", "thing_id" FROM "core_labelling";
DROP TABLE "core_labelling";
ALTER TABLE "new__core_labelling" RENAME TO "core_labelling";
CREATE INDEX "core_labelling_label_id_6e06ec3e" ON "core_labelling" ("label_id");
CREATE INDEX "core_labelling_item_id_11ab4bfd" ON "core_labelling" ("item_id");
CREATE TABLE "new__core_labelling" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "item_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" bigint NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_labelling" ("id", "item_id", "tag_id") SELECT "id", "item_id", "label_id" FROM "core_labelling";
DROP TABLE "core_labelling";
ALTER TABLE "new__core_labelling" RENAME TO "core_labelling";
CREATE INDEX "core_labelling_item_id_11ab4bfd" ON "core_labelling" ("item_id");
CREATE INDEX "core_labelling_tag_id_dc9ba9b8" ON "core_labelling" ("tag_id");
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_labelling', 0 FROM sqlite_sequence WHERE name = 'mw_high_water:core_labelling' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_labelling');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'mw_high_water:core_labelling'), 0)) WHERE name = 'core_labelling';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_labelling';
--
-- Rename table for labelling to core_item_labels
--
ALTER TABLE "core_labelling" RENAME TO "core_item_labels";
--
-- Alter unique_together for labelling (1 constraint(s))
--
CREATE UNIQUE INDEX "core_item_labels_item_id_tag_id_67dde611_uniq" ON "core_item_labels" ("item_id", "tag_id");
--
-- Custom state/database change combination
--
-- (no-op)
COMMIT;
