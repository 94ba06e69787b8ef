BEGIN;
--
-- Copy the ids and label of every drone into machine
--
DELETE FROM "drones_machine";
INSERT INTO "drones_machine" ("serial", "label") SELECT "serial", "label" FROM "drones_drone";
COMMIT;
