BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Check every row of plane.aircraft_ptr against its parent (the link's foreign key)
--
ALTER TABLE "part1_plane" VALIDATE CONSTRAINT "part1_plane_aircraft_ptr_id_bce3c15b_fk_part1_aircraft_id";
COMMIT;
