--
-- Mirror every write to user into person until the link is made (a trigger)
--
BEGIN;
SET LOCAL lock_timeout = '500ms';
CREATE TABLE IF NOT EXISTS "mw_gone_accounts_user" ("id" bigint NOT NULL);
DROP TRIGGER IF EXISTS "mw_mirror_accounts_user" ON "accounts_user";
DROP FUNCTION IF EXISTS "mw_mirror_accounts_user"();
CREATE FUNCTION "mw_mirror_accounts_user"() RETURNS trigger LANGUAGE plpgsql AS $mw$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO "mw_gone_accounts_user" ("id") VALUES (OLD."id"); DELETE FROM "accounts_person" WHERE "id" = OLD."id"; RETURN OLD; END IF; IF TG_OP = 'UPDATE' AND NEW."id" IS DISTINCT FROM OLD."id" THEN INSERT INTO "mw_gone_accounts_user" ("id") VALUES (OLD."id"); DELETE FROM "accounts_person" WHERE "id" = OLD."id"; END IF; INSERT INTO "accounts_person" ("id", "nickname", "shoe_size") VALUES (NEW."id", NEW."nickname", NEW."shoe_size") ON CONFLICT ("id") DO UPDATE SET "nickname" = EXCLUDED."nickname", "shoe_size" = EXCLUDED."shoe_size"; RETURN NEW; END $mw$;
CREATE TRIGGER "mw_mirror_accounts_user" AFTER INSERT OR UPDATE OR DELETE ON "accounts_user" FOR EACH ROW EXECUTE FUNCTION "mw_mirror_accounts_user"();
COMMIT;
--
-- Copy the ids and nickname, shoe_size of every user into person, 50000 rows at a time
--
SELECT "id" FROM "accounts_user" WHERE "id" > %s ORDER BY "id" LIMIT 1 OFFSET 49999;
INSERT INTO "accounts_person" ("id", "nickname", "shoe_size") SELECT "id", "nickname", "shoe_size" FROM "accounts_user" WHERE "id" > %s AND "id" <= %s ON CONFLICT ("id") DO NOTHING;
