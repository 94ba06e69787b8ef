--
-- Drop the trigger that mirrored car (postgresql)
--
-- (no-op)
--
-- Backwards: move the id sequence of car past its ids and past the sequence of vehicle
--
-- (no-op)
--
-- Forwards: move the id sequence of vehicle past its ids and past the sequence of car
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'garage_vehicle', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'garage_vehicle');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("number") FROM "garage_vehicle"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('garage_car', 'mw_high_water:garage_car')), 0)) WHERE name = 'garage_vehicle';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:garage_car';
--
-- Rename car.number to vehicle_ptr (column vehicle_ptr_id)
--
ALTER TABLE "garage_car" RENAME COLUMN "number" TO "vehicle_ptr_id";
--
-- Remove plate, colour from car (moved to vehicle)
--
ALTER TABLE "garage_car" DROP COLUMN "plate";
ALTER TABLE "garage_car" DROP COLUMN "colour";
--
-- Make car.vehicle_ptr the link to the parent garage.vehicle
--
CREATE TABLE "new__garage_car" ("vehicle_ptr_id" bigint NOT NULL PRIMARY KEY REFERENCES "garage_vehicle" ("number") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__garage_car" ("vehicle_ptr_id") SELECT "vehicle_ptr_id" FROM "garage_car";
DROP TABLE "garage_car";
ALTER TABLE "new__garage_car" RENAME TO "garage_car";
CREATE TABLE "new__garage_service" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "cost" integer NOT NULL, "car_id" bigint NOT NULL REFERENCES "garage_car" ("vehicle_ptr_id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__garage_service" ("id", "cost", "car_id") SELECT "id", "cost", "car_id" FROM "garage_service";
DROP TABLE "garage_service";
ALTER TABLE "new__garage_service" RENAME TO "garage_service";
CREATE INDEX "garage_service_car_id_425833b0" ON "garage_service" ("car_id");
CREATE TABLE "new__garage_car_tags" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "car_id" bigint NOT NULL REFERENCES "garage_car" ("vehicle_ptr_id") DEFERRABLE INITIALLY DEFERRED, "tag_id" bigint NOT NULL REFERENCES "garage_tag" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__garage_car_tags" ("id", "car_id", "tag_id") SELECT "id", "car_id", "tag_id" FROM "garage_car_tags";
DROP TABLE "garage_car_tags";
ALTER TABLE "new__garage_car_tags" RENAME TO "garage_car_tags";
CREATE UNIQUE INDEX "garage_car_tags_car_id_tag_id_97939d7a_uniq" ON "garage_car_tags" ("car_id", "tag_id");
CREATE INDEX "garage_car_tags_car_id_8de8e8b3" ON "garage_car_tags" ("car_id");
CREATE INDEX "garage_car_tags_tag_id_9baab0e0" ON "garage_car_tags" ("tag_id");
--
-- Drop the trigger that mirrored car (mysql)
--
-- (no-op)
--
-- Make car inherit from garage.vehicle
--
-- (no-op)
