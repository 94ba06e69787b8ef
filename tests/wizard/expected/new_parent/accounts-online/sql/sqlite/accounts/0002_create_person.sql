--
-- Create model Person
--
CREATE TABLE "accounts_person" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "nickname" varchar(30) NOT NULL, "shoe_size" integer NULL);
