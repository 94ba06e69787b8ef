BEGIN;
--
-- Check that every item row is a book row
--
-- (no-op)
--
-- Make book a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field item_ptr on book
--
CREATE TABLE "new__core_book" ("item_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "pages" integer NOT NULL);
INSERT INTO "new__core_book" ("pages", "item_ptr_id") SELECT "pages", "item_ptr_id" FROM "core_book";
DROP TABLE "core_book";
ALTER TABLE "new__core_book" RENAME TO "core_book";
CREATE TABLE "new__core_shelf_books" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "shelf_id" bigint NOT NULL REFERENCES "core_shelf" ("id") DEFERRABLE INITIALLY DEFERRED, "book_id" bigint NOT NULL REFERENCES "core_book" ("item_ptr_id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_shelf_books" ("id", "shelf_id", "book_id") SELECT "id", "shelf_id", "book_id" FROM "core_shelf_books";
DROP TABLE "core_shelf_books";
ALTER TABLE "new__core_shelf_books" RENAME TO "core_shelf_books";
CREATE UNIQUE INDEX "core_shelf_books_shelf_id_book_id_1efb50c9_uniq" ON "core_shelf_books" ("shelf_id", "book_id");
CREATE INDEX "core_shelf_books_shelf_id_4390e634" ON "core_shelf_books" ("shelf_id");
CREATE INDEX "core_shelf_books_book_id_8a576626" ON "core_shelf_books" ("book_id");
--
-- Backwards: move the id sequence of item past its ids and past the sequence of book
--
-- (no-op)
--
-- Declare code, batch, weight on book and copy their values down from item
--
ALTER TABLE "core_book" ADD COLUMN "code" varchar(20) NULL;
ALTER TABLE "core_book" ADD COLUMN "batch" integer NULL;
ALTER TABLE "core_book" ADD COLUMN "weight" integer NULL;
UPDATE "core_book" SET "code" = (SELECT "core_item"."code" FROM "core_item" WHERE "core_item"."id" = "core_book"."item_ptr_id"), "batch" = (SELECT "core_item"."batch" FROM "core_item" WHERE "core_item"."id" = "core_book"."item_ptr_id"), "weight" = (SELECT "core_item"."weight" FROM "core_item" WHERE "core_item"."id" = "core_book"."item_ptr_id");
CREATE TABLE "new__core_book" ("item_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "pages" integer NOT NULL, "batch" integer NULL, "weight" integer NULL, "code" varchar(20) NOT NULL);
INSERT INTO "new__core_book" ("item_ptr_id", "pages", "batch", "weight", "code") SELECT "item_ptr_id", "pages", "batch", "weight", coalesce("code", NULL) FROM "core_book";
DROP TABLE "core_book";
ALTER TABLE "new__core_book" RENAME TO "core_book";
CREATE TABLE "new__core_book" ("item_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "pages" integer NOT NULL, "code" varchar(20) NOT NULL, "weight" integer NULL, "batch" integer NOT NULL);
INSERT INTO "new__core_book" ("item_ptr_id", "pages", "code", "weight", "batch") SELECT "item_ptr_id", "pages", "code", "weight", coalesce("batch", 1) FROM "core_book";
DROP TABLE "core_book";
ALTER TABLE "new__core_book" RENAME TO "core_book";
CREATE TABLE "new__core_book" ("item_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "pages" integer NOT NULL, "code" varchar(20) NOT NULL, "batch" integer NOT NULL, "weight" integer NOT NULL);
INSERT INTO "new__core_book" ("item_ptr_id", "pages", "code", "batch", "weight") SELECT "item_ptr_id", "pages", "code", "batch", coalesce("weight", 1) FROM "core_book";
DROP TABLE "core_book";
ALTER TABLE "new__core_book" RENAME TO "core_book";
--
-- Rename book.item_ptr to id (column id)
--
ALTER TABLE "core_book" RENAME COLUMN "item_ptr_id" TO "id";
--
-- Forwards: keep the id counter of item aside (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_item';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:core_item', seq FROM sqlite_sequence WHERE name = 'core_item';
--
-- Remove index core_item_weight_26f72d_idx from item
--
DROP INDEX "core_item_weight_26f72d_idx";
--
-- Remove index item_code_weight_idx from item
--
DROP INDEX "item_code_weight_idx";
--
-- Remove constraint item_weight_positive from model item
--
CREATE TABLE "new__core_item" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "code" varchar(20) NOT NULL, "batch" integer NOT NULL, "weight" integer NOT NULL);
INSERT INTO "new__core_item" ("id", "code", "batch", "weight") SELECT "id", "code", "batch", "weight" FROM "core_item";
DROP TABLE "core_item";
ALTER TABLE "new__core_item" RENAME TO "core_item";
CREATE UNIQUE INDEX "core_item_code_batch_a0127fe7_uniq" ON "core_item" ("code", "batch");
--
-- Alter unique_together for book (1 constraint(s))
--
CREATE UNIQUE INDEX "core_book_code_batch_f525a708_uniq" ON "core_book" ("code", "batch");
--
-- Create index core_book_weight_d9bef3_idx on field(s) weight of model book
--
CREATE INDEX "core_book_weight_d9bef3_idx" ON "core_book" ("weight");
--
-- Create index item_code_weight_idx on field(s) code, weight of model book
--
CREATE INDEX "item_code_weight_idx" ON "core_book" ("code", "weight");
--
-- Create constraint item_weight_positive on model book
--
CREATE TABLE "new__core_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "pages" integer NOT NULL, "code" varchar(20) NOT NULL, "batch" integer NOT NULL, "weight" integer NOT NULL, CONSTRAINT "item_weight_positive" CHECK ("weight" >= 0));
INSERT INTO "new__core_book" ("id", "pages", "code", "batch", "weight") SELECT "id", "pages", "code", "batch", "weight" FROM "core_book";
DROP TABLE "core_book";
ALTER TABLE "new__core_book" RENAME TO "core_book";
CREATE UNIQUE INDEX "core_book_code_batch_f525a708_uniq" ON "core_book" ("code", "batch");
CREATE INDEX "core_book_weight_d9bef3_idx" ON "core_book" ("weight");
CREATE INDEX "item_code_weight_idx" ON "core_book" ("code", "weight");
--
-- Backwards: keep the id counter of book aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of book past its ids and past the sequence of item
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_book', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_book');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "core_book"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('core_item', 'mw_high_water:core_item')), 0)) WHERE name = 'core_book';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_item';
--
-- Delete model Item
--
DROP TABLE "core_item";
COMMIT;
