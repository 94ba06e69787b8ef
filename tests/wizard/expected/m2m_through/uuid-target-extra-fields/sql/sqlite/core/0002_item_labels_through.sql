BEGIN;
--
-- Custom state/database change combination
--
-- (no-op)
--
-- Rename table for itemlabel to (default)
--
ALTER TABLE "core_item_labels" RENAME TO "core_itemlabel";
--
-- Add field added to itemlabel
--
CREATE TABLE "new__core_itemlabel" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "item_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" char(32) NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED, "added" datetime NOT NULL);
INSERT INTO "new__core_itemlabel" ("id", "item_id", "tag_id", "added") SELECT "id", "item_id", "tag_id", '2026-11-21 03:48:59.983602' FROM "core_itemlabel";
DROP TABLE "core_itemlabel";
ALTER TABLE "new__core_itemlabel" RENAME TO "core_itemlabel";
CREATE UNIQUE INDEX "core_itemlabel_item_id_tag_id_1ccd3c94_uniq" ON "core_itemlabel" ("item_id", "tag_id");
CREATE INDEX "core_itemlabel_item_id_0c4632dd" ON "core_itemlabel" ("item_id");
CREATE INDEX "core_itemlabel_tag_id_556056cd" ON "core_itemlabel" ("tag_id");
--
-- Add field note to itemlabel
--
CREATE TABLE "new__core_itemlabel" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "item_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" char(32) NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED, "added" datetime NOT NULL, "note" varchar(20) NOT NULL);
INSERT INTO "new__core_itemlabel" ("id", "item_id", "tag_id", "added", "note") SELECT "id", "item_id", "tag_id", "added", 'x' FROM "core_itemlabel";
DROP TABLE "core_itemlabel";
ALTER TABLE "new__core_itemlabel" RENAME TO "core_itemlabel";
CREATE UNIQUE INDEX "core_itemlabel_item_id_tag_id_1ccd3c94_uniq" ON "core_itemlabel" ("item_id", "tag_id");
CREATE INDEX "core_itemlabel_item_id_0c4632dd" ON "core_itemlabel" ("item_id");
CREATE INDEX "core_itemlabel_tag_id_556056cd" ON "core_itemlabel" ("tag_id");
--
-- Add field weight to itemlabel
--
ALTER TABLE "core_itemlabel" ADD COLUMN "weight" integer NULL;
--
-- Add field pinned to itemlabel
--
CREATE TABLE "new__core_itemlabel" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "item_id" bigint NOT NULL REFERENCES "core_item" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" char(32) NOT NULL REFERENCES "core_tag" ("id") DEFERRABLE INITIALLY DEFERRED, "added" datetime NOT NULL, "note" varchar(20) NOT NULL, "weight" integer NULL, "pinned" bool NOT NULL);
INSERT INTO "new__core_itemlabel" ("id", "item_id", "tag_id", "added", "note", "weight", "pinned") SELECT "id", "item_id", "tag_id", "added", "note", "weight", 1 FROM "core_itemlabel";
DROP TABLE "core_itemlabel";
ALTER TABLE "new__core_itemlabel" RENAME TO "core_itemlabel";
CREATE UNIQUE INDEX "core_itemlabel_item_id_tag_id_1ccd3c94_uniq" ON "core_itemlabel" ("item_id", "tag_id");
CREATE INDEX "core_itemlabel_item_id_0c4632dd" ON "core_itemlabel" ("item_id");
CREATE INDEX "core_itemlabel_tag_id_556056cd" ON "core_itemlabel" ("tag_id");
COMMIT;
