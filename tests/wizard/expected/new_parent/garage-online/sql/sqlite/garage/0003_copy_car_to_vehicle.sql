--
-- Mirror every write to car into vehicle until the link is made (a trigger)
--
-- (no-op)
--
-- Copy the ids and plate, colour of every car into vehicle, 50000 rows at a time
--
SELECT "number" FROM "garage_car" WHERE "number" > %s ORDER BY "number" LIMIT 1 OFFSET 49999;
INSERT OR IGNORE INTO "garage_vehicle" ("number", "plate", "colour") SELECT "number", "plate", "colour" FROM "garage_car" WHERE "number" > %s AND "number" <= %s;
