BEGIN;
--
-- Forwards: keep the id counter of plane aside (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:hangar_plane';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:hangar_plane', seq FROM sqlite_sequence WHERE name = 'hangar_plane';
--
-- Backwards: move the id sequence of plane past its ids and past the sequence of aircraft
--
-- (no-op)
--
-- Alter unique_together for plane (0 constraint(s))
--
DROP INDEX "hangar_plane_registration_kind_a65f966d_uniq";
--
-- Remove index plane_owner_kind_idx from plane
--
DROP INDEX "plane_owner_kind_idx";
--
-- Remove constraint plane_owner_nick_uniq from model plane
--
CREATE TABLE "new__hangar_plane" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "registration" varchar(20) NOT NULL UNIQUE, "kind" varchar(10) NOT NULL, "nickname" varchar(30) NULL, "seats" integer unsigned NOT NULL CHECK ("seats" >= 0), "owner_id" integer NULL REFERENCES "hangar_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "leader_id" integer NULL REFERENCES "hangar_plane" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "plane_seats_positive" CHECK ("seats" >= 1));
INSERT INTO "new__hangar_plane" ("id", "registration", "kind", "nickname", "seats", "leader_id", "owner_id") SELECT "id", "registration", "kind", "nickname", "seats", "leader_id", "owner_id" FROM "hangar_plane";
DROP TABLE "hangar_plane";
ALTER TABLE "new__hangar_plane" RENAME TO "hangar_plane";
CREATE INDEX "hangar_plane_kind_9440f262" ON "hangar_plane" ("kind");
CREATE INDEX "hangar_plane_owner_id_afcaa210" ON "hangar_plane" ("owner_id");
CREATE INDEX "hangar_plane_leader_id_75492728" ON "hangar_plane" ("leader_id");
CREATE INDEX "plane_seats_idx" ON "hangar_plane" ("seats");
--
-- Create index plane_owner_kind_idx on field(s) owner, kind of model aircraft
--
CREATE INDEX "plane_owner_kind_idx" ON "hangar_aircraft" ("owner_id", "kind");
--
-- Create constraint plane_owner_nick_uniq on model aircraft
--
CREATE TABLE "new__hangar_aircraft" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "registration" varchar(20) NOT NULL UNIQUE, "kind" varchar(10) NOT NULL, "owner_id" integer NULL REFERENCES "hangar_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "nickname" varchar(30) NULL, CONSTRAINT "plane_owner_nick_uniq" UNIQUE ("owner_id", "nickname"));
INSERT INTO "new__hangar_aircraft" ("id", "registration", "kind", "owner_id", "nickname") SELECT "id", "registration", "kind", "owner_id", "nickname" FROM "hangar_aircraft";
DROP TABLE "hangar_aircraft";
ALTER TABLE "new__hangar_aircraft" RENAME TO "hangar_aircraft";
CREATE UNIQUE INDEX "hangar_aircraft_registration_kind_57ca4b2e_uniq" ON "hangar_aircraft" ("registration", "kind");
CREATE INDEX "hangar_aircraft_kind_10a18a62" ON "hangar_aircraft" ("kind");
CREATE INDEX "hangar_aircraft_owner_id_4927303f" ON "hangar_aircraft" ("owner_id");
CREATE INDEX "plane_owner_kind_idx" ON "hangar_aircraft" ("owner_id", "kind");
--
-- Forwards: move the id sequence of aircraft past its ids and past the sequence of plane
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'hangar_aircraft', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'hangar_aircraft');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "hangar_aircraft"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('hangar_plane', 'mw_high_water:hangar_plane')), 0)) WHERE name = 'hangar_aircraft';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:hangar_plane';
--
-- Backwards: keep the id counter of aircraft aside (SQLite)
--
-- (no-op)
--
-- Rename plane.id to aircraft_ptr (column aircraft_ptr_id)
--
ALTER TABLE "hangar_plane" RENAME COLUMN "id" TO "aircraft_ptr_id";
--
-- Remove registration, kind, owner, nickname from plane (moved to aircraft); on SQLite the next rebuild of the table drops them
--
-- (no-op)
--
-- Make plane.aircraft_ptr the link to the parent hangar.aircraft
--
CREATE TABLE "new__hangar_plane" ("aircraft_ptr_id" integer NOT NULL PRIMARY KEY REFERENCES "hangar_aircraft" ("id") DEFERRABLE INITIALLY DEFERRED, "seats" integer unsigned NOT NULL CHECK ("seats" >= 0), "leader_id" integer NULL REFERENCES "hangar_plane" ("aircraft_ptr_id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "plane_seats_positive" CHECK ("seats" >= 1));
INSERT INTO "new__hangar_plane" ("seats", "leader_id", "aircraft_ptr_id") SELECT "seats", "leader_id", "aircraft_ptr_id" FROM "hangar_plane";
DROP TABLE "hangar_plane";
ALTER TABLE "new__hangar_plane" RENAME TO "hangar_plane";
CREATE INDEX "hangar_plane_leader_id_75492728" ON "hangar_plane" ("leader_id");
CREATE INDEX "plane_seats_idx" ON "hangar_plane" ("seats");
--
-- Make plane inherit from hangar.aircraft
--
-- (no-op)
COMMIT;
