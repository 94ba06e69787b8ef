--
-- Mirror every write to drone into machine until the link is made (a trigger)
--
-- (no-op)
--
-- Copy the ids and label of every drone into machine, 50000 rows at a time
--
SELECT "serial" FROM "drones_drone" WHERE "serial" > %s ORDER BY "serial" LIMIT 1 OFFSET 49999;
INSERT OR IGNORE INTO "drones_machine" ("serial", "label") SELECT "serial", "label" FROM "drones_drone" WHERE "serial" > %s AND "serial" <= %s;
