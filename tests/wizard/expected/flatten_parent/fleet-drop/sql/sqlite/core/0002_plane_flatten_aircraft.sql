BEGIN;
--
-- Check that every aircraft row is a plane row
--
-- (no-op)
--
-- Make plane a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field aircraft_ptr on plane
--
CREATE TABLE "new__core_plane" ("aircraft_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
INSERT INTO "new__core_plane" ("aircraft_ptr_id") SELECT "aircraft_ptr_id" FROM "core_plane";
DROP TABLE "core_plane";
ALTER TABLE "new__core_plane" RENAME TO "core_plane";
CREATE TABLE "new__core_plane_pilots" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "plane_id" bigint NOT NULL REFERENCES "core_plane" ("aircraft_ptr_id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_plane_pilots" ("id", "plane_id", "user_id") SELECT "id", "plane_id", "user_id" FROM "core_plane_pilots";
DROP TABLE "core_plane_pilots";
ALTER TABLE "new__core_plane_pilots" RENAME TO "core_plane_pilots";
CREATE UNIQUE INDEX "core_plane_pilots_plane_id_user_id_c4c8b0f9_uniq" ON "core_plane_pilots" ("plane_id", "user_id");
CREATE INDEX "core_plane_pilots_plane_id_52eb272a" ON "core_plane_pilots" ("plane_id");
CREATE INDEX "core_plane_pilots_user_id_9cf4e41b" ON "core_plane_pilots" ("user_id");
CREATE TABLE "new__core_parkingbay" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "code" varchar(20) NOT NULL, "plane_id" bigint NOT NULL REFERENCES "core_plane" ("aircraft_ptr_id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_parkingbay" ("id", "code", "plane_id") SELECT "id", "code", "plane_id" FROM "core_parkingbay";
DROP TABLE "core_parkingbay";
ALTER TABLE "new__core_parkingbay" RENAME TO "core_parkingbay";
CREATE INDEX "core_parkingbay_plane_id_96787c11" ON "core_parkingbay" ("plane_id");
--
-- Backwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
-- (no-op)
--
-- Declare registration on plane and copy their values down from aircraft
--
ALTER TABLE "core_plane" ADD COLUMN "registration" varchar(100) NULL;
UPDATE "core_plane" SET "registration" = (SELECT "core_aircraft"."registration" FROM "core_aircraft" WHERE "core_aircraft"."id" = "core_plane"."aircraft_ptr_id");
CREATE TABLE "new__core_plane" ("aircraft_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "registration" varchar(100) NOT NULL);
INSERT INTO "new__core_plane" ("aircraft_ptr_id", "registration") SELECT "aircraft_ptr_id", coalesce("registration", NULL) FROM "core_plane";
DROP TABLE "core_plane";
ALTER TABLE "new__core_plane" RENAME TO "core_plane";
--
-- Rename plane.aircraft_ptr to id (column id)
--
ALTER TABLE "core_plane" RENAME COLUMN "aircraft_ptr_id" TO "id";
--
-- Backwards: keep the id counter of plane aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_plane', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_plane');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "core_plane"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('core_aircraft', 'mw_high_water:core_aircraft')), 0)) WHERE name = 'core_plane';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_aircraft';
--
-- Delete model Aircraft
--
DROP TABLE "core_aircraft";
COMMIT;
