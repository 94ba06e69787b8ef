--
-- Create model Vehicle
--
CREATE TABLE "garage_vehicle" ("number" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "plate" varchar(12) NOT NULL, "colour" varchar(12) NOT NULL);
