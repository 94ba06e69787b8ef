--
-- Mirror every write to car into vehicle until the link is made (a trigger)
--
BEGIN;
SET LOCAL lock_timeout = '500ms';
CREATE TABLE IF NOT EXISTS "mw_gone_garage_car" ("id" bigint NOT NULL);
DROP TRIGGER IF EXISTS "mw_mirror_garage_car" ON "garage_car";
DROP FUNCTION IF EXISTS "mw_mirror_garage_car"();
CREATE FUNCTION "mw_mirror_garage_car"() RETURNS trigger LANGUAGE plpgsql AS $mw$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO "mw_gone_garage_car" ("id") VALUES (OLD."number"); DELETE FROM "garage_vehicle" WHERE "number" = OLD."number"; RETURN OLD; END IF; IF TG_OP = 'UPDATE' AND NEW."number" IS DISTINCT FROM OLD."number" THEN INSERT INTO "mw_gone_garage_car" ("id") VALUES (OLD."number"); DELETE FROM "garage_vehicle" WHERE "number" = OLD."number"; END IF; INSERT INTO "garage_vehicle" ("number", "plate", "colour") VALUES (NEW."number", NEW."plate", NEW."colour") ON CONFLICT ("number") DO UPDATE SET "plate" = EXCLUDED."plate", "colour" = EXCLUDED."colour"; RETURN NEW; END $mw$;
CREATE TRIGGER "mw_mirror_garage_car" AFTER INSERT OR UPDATE OR DELETE ON "garage_car" FOR EACH ROW EXECUTE FUNCTION "mw_mirror_garage_car"();
COMMIT;
--
-- Copy the ids and plate, colour of every car into vehicle, 50000 rows at a time
--
SELECT "number" FROM "garage_car" WHERE "number" > %s ORDER BY "number" LIMIT 1 OFFSET 49999;
INSERT INTO "garage_vehicle" ("number", "plate", "colour") SELECT "number", "plate", "colour" FROM "garage_car" WHERE "number" > %s AND "number" <= %s ON CONFLICT ("number") DO NOTHING;
