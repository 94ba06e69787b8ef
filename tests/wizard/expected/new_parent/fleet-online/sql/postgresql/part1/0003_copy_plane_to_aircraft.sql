--
-- Mirror every write to plane into aircraft until the link is made (a trigger)
--
BEGIN;
SET LOCAL lock_timeout = '500ms';
CREATE TABLE IF NOT EXISTS "mw_gone_part1_plane" ("id" integer NOT NULL);
DROP TRIGGER IF EXISTS "mw_mirror_part1_plane" ON "part1_plane";
DROP FUNCTION IF EXISTS "mw_mirror_part1_plane"();
CREATE FUNCTION "mw_mirror_part1_plane"() RETURNS trigger LANGUAGE plpgsql AS $mw$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO "mw_gone_part1_plane" ("id") VALUES (OLD."id"); DELETE FROM "part1_aircraft" WHERE "id" = OLD."id"; RETURN OLD; END IF; IF TG_OP = 'UPDATE' AND NEW."id" IS DISTINCT FROM OLD."id" THEN INSERT INTO "mw_gone_part1_plane" ("id") VALUES (OLD."id"); DELETE FROM "part1_aircraft" WHERE "id" = OLD."id"; END IF; INSERT INTO "part1_aircraft" ("id", "registration") VALUES (NEW."id", NEW."registration") ON CONFLICT ("id") DO UPDATE SET "registration" = EXCLUDED."registration"; RETURN NEW; END $mw$;
CREATE TRIGGER "mw_mirror_part1_plane" AFTER INSERT OR UPDATE OR DELETE ON "part1_plane" FOR EACH ROW EXECUTE FUNCTION "mw_mirror_part1_plane"();
COMMIT;
--
-- Copy the ids and registration of every plane into aircraft, 50000 rows at a time
--
SELECT "id" FROM "part1_plane" WHERE "id" > %s ORDER BY "id" LIMIT 1 OFFSET 49999;
INSERT INTO "part1_aircraft" ("id", "registration") SELECT "id", "registration" FROM "part1_plane" WHERE "id" > %s AND "id" <= %s ON CONFLICT ("id") DO NOTHING;
