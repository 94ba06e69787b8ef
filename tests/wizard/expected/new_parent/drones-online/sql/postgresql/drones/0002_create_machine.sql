BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Create model Machine
--
CREATE TABLE "drones_machine" ("serial" uuid NOT NULL PRIMARY KEY, "label" varchar(40) NOT NULL);
COMMIT;
