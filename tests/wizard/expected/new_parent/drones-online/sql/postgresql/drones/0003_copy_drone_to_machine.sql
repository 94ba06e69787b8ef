--
-- Mirror every write to drone into machine until the link is made (a trigger)
--
BEGIN;
SET LOCAL lock_timeout = '500ms';
CREATE TABLE IF NOT EXISTS "mw_gone_drones_drone" ("id" uuid NOT NULL);
DROP TRIGGER IF EXISTS "mw_mirror_drones_drone" ON "drones_drone";
DROP FUNCTION IF EXISTS "mw_mirror_drones_drone"();
CREATE FUNCTION "mw_mirror_drones_drone"() RETURNS trigger LANGUAGE plpgsql AS $mw$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO "mw_gone_drones_drone" ("id") VALUES (OLD."serial"); DELETE FROM "drones_machine" WHERE "serial" = OLD."serial"; RETURN OLD; END IF; IF TG_OP = 'UPDATE' AND NEW."serial" IS DISTINCT FROM OLD."serial" THEN INSERT INTO "mw_gone_drones_drone" ("id") VALUES (OLD."serial"); DELETE FROM "drones_machine" WHERE "serial" = OLD."serial"; END IF; INSERT INTO "drones_machine" ("serial", "label") VALUES (NEW."serial", NEW."label") ON CONFLICT ("serial") DO UPDATE SET "label" = EXCLUDED."label"; RETURN NEW; END $mw$;
CREATE TRIGGER "mw_mirror_drones_drone" AFTER INSERT OR UPDATE OR DELETE ON "drones_drone" FOR EACH ROW EXECUTE FUNCTION "mw_mirror_drones_drone"();
COMMIT;
--
-- Copy the ids and label of every drone into machine, 50000 rows at a time
--
SELECT "serial" FROM "drones_drone" WHERE "serial" > %s ORDER BY "serial" LIMIT 1 OFFSET 49999;
INSERT INTO "drones_machine" ("serial", "label") SELECT "serial", "label" FROM "drones_drone" WHERE "serial" > %s AND "serial" <= %s ON CONFLICT ("serial") DO NOTHING;
