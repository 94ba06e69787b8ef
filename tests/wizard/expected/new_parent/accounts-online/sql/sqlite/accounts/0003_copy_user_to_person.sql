--
-- Mirror every write to user into person until the link is made (a trigger)
--
-- (no-op)
--
-- Copy the ids and nickname, shoe_size of every user into person, 50000 rows at a time
--
SELECT "id" FROM "accounts_user" WHERE "id" > %s ORDER BY "id" LIMIT 1 OFFSET 49999;
INSERT OR IGNORE INTO "accounts_person" ("id", "nickname", "shoe_size") SELECT "id", "nickname", "shoe_size" FROM "accounts_user" WHERE "id" > %s AND "id" <= %s;
