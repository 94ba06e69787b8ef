BEGIN;
--
-- Create model Aircraft
--
CREATE TABLE "hangar_aircraft" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "registration" varchar(20) NOT NULL UNIQUE, "kind" varchar(10) NOT NULL, "owner_id" integer NULL REFERENCES "hangar_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "nickname" varchar(30) NULL);
CREATE UNIQUE INDEX "hangar_aircraft_registration_kind_57ca4b2e_uniq" ON "hangar_aircraft" ("registration", "kind");
CREATE INDEX "hangar_aircraft_kind_10a18a62" ON "hangar_aircraft" ("kind");
CREATE INDEX "hangar_aircraft_owner_id_4927303f" ON "hangar_aircraft" ("owner_id");
COMMIT;
