BEGIN;
--
-- Copy the ids and nickname, shoe_size of every user into person
--
DELETE FROM "accounts_person";
INSERT INTO "accounts_person" ("id", "nickname", "shoe_size") SELECT "id", "nickname", "shoe_size" FROM "accounts_user";
COMMIT;
