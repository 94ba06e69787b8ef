--
-- Create model Machine
--
CREATE TABLE "drones_machine" ("serial" char(32) NOT NULL PRIMARY KEY, "label" varchar(40) NOT NULL);
