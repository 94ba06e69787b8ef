--
-- Create model Aircraft
--
CREATE TABLE "part1_aircraft" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "registration" varchar(100) NOT NULL);
