BEGIN;
--
-- Make bolt a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field part_ptr on bolt
--
CREATE TABLE "new__core_bolt" ("part_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "size" integer NOT NULL);
INSERT INTO "new__core_bolt" ("size", "part_ptr_id") SELECT "size", "part_ptr_id" FROM "core_bolt";
DROP TABLE "core_bolt";
ALTER TABLE "new__core_bolt" RENAME TO "core_bolt";
--
-- Backwards: move the id sequence of part past its ids and past the sequence of bolt
--
-- (no-op)
--
-- Declare code, batch on bolt and copy their values down from part
--
ALTER TABLE "core_bolt" ADD COLUMN "code" varchar(20) NULL;
ALTER TABLE "core_bolt" ADD COLUMN "batch" integer NULL;
UPDATE "core_bolt" SET "code" = (SELECT "core_part"."code" FROM "core_part" WHERE "core_part"."id" = "core_bolt"."part_ptr_id"), "batch" = (SELECT "core_part"."batch" FROM "core_part" WHERE "core_part"."id" = "core_bolt"."part_ptr_id");
CREATE TABLE "new__core_bolt" ("part_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "size" integer NOT NULL, "batch" integer NULL, "code" varchar(20) NOT NULL);
INSERT INTO "new__core_bolt" ("part_ptr_id", "size", "batch", "code") SELECT "part_ptr_id", "size", "batch", coalesce("code", NULL) FROM "core_bolt";
DROP TABLE "core_bolt";
ALTER TABLE "new__core_bolt" RENAME TO "core_bolt";
CREATE TABLE "new__core_bolt" ("part_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "size" integer NOT NULL, "code" varchar(20) NOT NULL, "batch" integer NOT NULL);
INSERT INTO "new__core_bolt" ("part_ptr_id", "size", "code", "batch") SELECT "part_ptr_id", "size", "code", coalesce("batch", 1) FROM "core_bolt";
DROP TABLE "core_bolt";
ALTER TABLE "new__core_bolt" RENAME TO "core_bolt";
--
-- Rename bolt.part_ptr to id (column id)
--
ALTER TABLE "core_bolt" RENAME COLUMN "part_ptr_id" TO "id";
--
-- Alter unique_together for bolt (1 constraint(s))
--
CREATE UNIQUE INDEX "core_bolt_code_batch_182e0b43_uniq" ON "core_bolt" ("code", "batch");
--
-- Create index core_bolt_batch_16ac1d_idx on field(s) batch of model bolt
--
CREATE INDEX "core_bolt_batch_16ac1d_idx" ON "core_bolt" ("batch");
--
-- Backwards: keep the id counter of bolt aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of bolt past its ids and past the sequence of part
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_bolt', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_bolt');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "core_bolt"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('core_part', 'mw_high_water:core_part')), 0)) WHERE name = 'core_bolt';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_part';
COMMIT;
