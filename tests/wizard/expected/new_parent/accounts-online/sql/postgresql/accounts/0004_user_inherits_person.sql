BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Drop the trigger that mirrored user (postgresql)
--
DROP TRIGGER IF EXISTS "mw_mirror_accounts_user" ON "accounts_user";
DROP FUNCTION IF EXISTS "mw_mirror_accounts_user"();
DELETE FROM "accounts_person" WHERE "id" IN (SELECT "id" FROM "mw_gone_accounts_user") AND NOT EXISTS (SELECT 1 FROM "accounts_user" c WHERE c."id" = "accounts_person"."id");
DROP TABLE IF EXISTS "mw_gone_accounts_user";
--
-- Backwards: move the id sequence of user past its ids and past the sequence of person
--
-- (no-op)
--
-- Forwards: move the id sequence of person past its ids and past the sequence of user
--
SELECT setval(pg_get_serial_sequence('"accounts_person"', 'id'), GREATEST(high, 1), high IS NOT NULL) FROM (SELECT GREATEST(MAX("id"), pg_sequence_last_value(pg_get_serial_sequence('"accounts_user"', 'id')::regclass)) AS high FROM "accounts_person") AS ids;
--
-- Rename user.id to person_ptr (column person_ptr_id)
--
ALTER TABLE "accounts_user" RENAME COLUMN "id" TO "person_ptr_id";
--
-- Remove nickname, shoe_size from user (moved to person)
--
ALTER TABLE "accounts_user" DROP COLUMN "nickname" CASCADE;
ALTER TABLE "accounts_user" DROP COLUMN "shoe_size" CASCADE;
--
-- Make user.person_ptr the link to the parent accounts.person
--
ALTER TABLE "accounts_user" ALTER COLUMN "person_ptr_id" DROP IDENTITY IF EXISTS;
ALTER TABLE "accounts_user" ALTER COLUMN "person_ptr_id" TYPE bigint;
ALTER TABLE "accounts_user" ADD CONSTRAINT "accounts_user_person_ptr_id_f9ca8d56_fk_accounts_person_id" FOREIGN KEY ("person_ptr_id") REFERENCES "accounts_person" ("id") DEFERRABLE INITIALLY DEFERRED NOT VALID;
--
-- Drop the trigger that mirrored user (mysql)
--
-- (no-op)
--
-- Make user inherit from accounts.person
--
-- (no-op)
COMMIT;
