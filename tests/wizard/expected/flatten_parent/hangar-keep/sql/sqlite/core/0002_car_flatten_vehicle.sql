BEGIN;
--
-- Make car a model of its own (no concrete parent)
--
-- (no-op)
--
-- Alter field vehicle_ptr on car
--
CREATE TABLE "new__core_car" ("vehicle_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "doors" integer NOT NULL);
INSERT INTO "new__core_car" ("doors", "vehicle_ptr_id") SELECT "doors", "vehicle_ptr_id" FROM "core_car";
DROP TABLE "core_car";
ALTER TABLE "new__core_car" RENAME TO "core_car";
CREATE TABLE "new__core_garage_cars" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "garage_id" bigint NOT NULL REFERENCES "core_garage" ("id") DEFERRABLE INITIALLY DEFERRED, "car_id" bigint NOT NULL REFERENCES "core_car" ("vehicle_ptr_id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_garage_cars" ("id", "garage_id", "car_id") SELECT "id", "garage_id", "car_id" FROM "core_garage_cars";
DROP TABLE "core_garage_cars";
ALTER TABLE "new__core_garage_cars" RENAME TO "core_garage_cars";
CREATE UNIQUE INDEX "core_garage_cars_garage_id_car_id_d3db5648_uniq" ON "core_garage_cars" ("garage_id", "car_id");
CREATE INDEX "core_garage_cars_garage_id_4e322940" ON "core_garage_cars" ("garage_id");
CREATE INDEX "core_garage_cars_car_id_2a39125e" ON "core_garage_cars" ("car_id");
CREATE TABLE "new__core_ticket" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "note" varchar(20) NOT NULL, "car_id" bigint NOT NULL UNIQUE REFERENCES "core_car" ("vehicle_ptr_id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_ticket" ("id", "note", "car_id") SELECT "id", "note", "car_id" FROM "core_ticket";
DROP TABLE "core_ticket";
ALTER TABLE "new__core_ticket" RENAME TO "core_ticket";
--
-- Backwards: move the id sequence of vehicle past its ids and past the sequence of car
--
-- (no-op)
--
-- Declare registration, kind, owner, nickname on car and copy their values down from vehicle
--
CREATE TABLE "new__core_car" ("vehicle_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "doors" integer NOT NULL, "registration" varchar(20) NULL UNIQUE);
INSERT INTO "new__core_car" ("vehicle_ptr_id", "doors", "registration") SELECT "vehicle_ptr_id", "doors", NULL FROM "core_car";
DROP TABLE "core_car";
ALTER TABLE "new__core_car" RENAME TO "core_car";
ALTER TABLE "core_car" ADD COLUMN "kind" varchar(10) NULL;
ALTER TABLE "core_car" ADD COLUMN "owner_id" bigint NULL REFERENCES "core_owner" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "core_car" ADD COLUMN "nickname" varchar(30) NULL;
UPDATE "core_car" SET "registration" = (SELECT "core_vehicle"."registration" FROM "core_vehicle" WHERE "core_vehicle"."id" = "core_car"."vehicle_ptr_id"), "kind" = (SELECT "core_vehicle"."kind" FROM "core_vehicle" WHERE "core_vehicle"."id" = "core_car"."vehicle_ptr_id"), "owner_id" = (SELECT "core_vehicle"."owner_id" FROM "core_vehicle" WHERE "core_vehicle"."id" = "core_car"."vehicle_ptr_id"), "nickname" = (SELECT "core_vehicle"."nickname" FROM "core_vehicle" WHERE "core_vehicle"."id" = "core_car"."vehicle_ptr_id");
CREATE TABLE "new__core_car" ("vehicle_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "doors" integer NOT NULL, "kind" varchar(10) NULL, "owner_id" bigint NULL REFERENCES "core_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "nickname" varchar(30) NULL, "registration" varchar(20) NOT NULL UNIQUE);
INSERT INTO "new__core_car" ("vehicle_ptr_id", "doors", "kind", "owner_id", "nickname", "registration") SELECT "vehicle_ptr_id", "doors", "kind", "owner_id", "nickname", coalesce("registration", NULL) FROM "core_car";
DROP TABLE "core_car";
ALTER TABLE "new__core_car" RENAME TO "core_car";
CREATE INDEX "core_car_kind_87f74cd9" ON "core_car" ("kind");
CREATE INDEX "core_car_owner_id_e847e5aa" ON "core_car" ("owner_id");
CREATE TABLE "new__core_car" ("vehicle_ptr_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "doors" integer NOT NULL, "registration" varchar(20) NOT NULL UNIQUE, "owner_id" bigint NULL REFERENCES "core_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "nickname" varchar(30) NULL, "kind" varchar(10) NOT NULL);
INSERT INTO "new__core_car" ("vehicle_ptr_id", "doors", "registration", "owner_id", "nickname", "kind") SELECT "vehicle_ptr_id", "doors", "registration", "owner_id", "nickname", coalesce("kind", 'prop') FROM "core_car";
DROP TABLE "core_car";
ALTER TABLE "new__core_car" RENAME TO "core_car";
CREATE INDEX "core_car_owner_id_e847e5aa" ON "core_car" ("owner_id");
CREATE INDEX "core_car_kind_87f74cd9" ON "core_car" ("kind");
--
-- Rename car.vehicle_ptr to id (column id)
--
ALTER TABLE "core_car" RENAME COLUMN "vehicle_ptr_id" TO "id";
--
-- Backwards: keep the id counter of car aside (SQLite)
--
-- (no-op)
--
-- Forwards: move the id sequence of car past its ids and past the sequence of vehicle
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_car', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_car');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "core_car"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('core_vehicle', 'mw_high_water:core_vehicle')), 0)) WHERE name = 'core_car';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_vehicle';
COMMIT;
