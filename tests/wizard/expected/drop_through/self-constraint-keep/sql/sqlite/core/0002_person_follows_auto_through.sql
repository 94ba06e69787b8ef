BEGIN;
--
-- Leave the foreign keys of follow with their own indexes (MySQL, going back)
--
-- (no-op)
--
-- Remove constraint unique_follow from model follow; Rename field follower on follow to from_person; Rename field followed on follow to to_person; keep the id counter of follow (SQLite)
--
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_follow';
INSERT INTO sqlite_sequence (name, seq) SELECT 'mw_high_water:core_follow', seq FROM sqlite_sequence WHERE name = 'core_follow';
CREATE TABLE "new__core_follow" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "followed_id" bigint NOT NULL REFERENCES "core_person" ("id") DEFERRABLE INITIALLY DEFERRED, "follower_id" bigint NOT NULL REFERENCES "core_person" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_follow" ("id", "followed_id", "follower_id") SELECT "id", "followed_id", "follower_id" FROM "core_follow";
DROP TABLE "core_follow";
ALTER TABLE "new__core_follow" RENAME TO "core_follow";
CREATE INDEX "core_follow_followed_id_f75345ef" ON "core_follow" ("followed_id");
CREATE INDEX "core_follow_follower_id_695d5f81" ON "core_follow" ("follower_id");
CREATE TABLE "new__core_follow" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "followed_id" bigint NOT NULL REFERENCES "core_person" ("id") DEFERRABLE INITIALLY DEFERRED, "from_person_id" bigint NOT NULL REFERENCES "core_person" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_follow" ("id", "followed_id", "from_person_id") SELECT "id", "followed_id", "follower_id" FROM "core_follow";
DROP TABLE "core_follow";
ALTER TABLE "new__core_follow" RENAME TO "core_follow";
CREATE INDEX "core_follow_followed_id_f75345ef" ON "core_follow" ("followed_id");
CREATE INDEX "core_follow_from_person_id_11a7575b" ON "core_follow" ("from_person_id");
CREATE TABLE "new__core_follow" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "from_person_id" bigint NOT NULL REFERENCES "core_person" ("id") DEFERRABLE INITIALLY DEFERRED, "to_person_id" bigint NOT NULL REFERENCES "core_person" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__core_follow" ("id", "from_person_id", "to_person_id") SELECT "id", "from_person_id", "followed_id" FROM "core_follow";
DROP TABLE "core_follow";
ALTER TABLE "new__core_follow" RENAME TO "core_follow";
CREATE INDEX "core_follow_from_person_id_11a7575b" ON "core_follow" ("from_person_id");
CREATE INDEX "core_follow_to_person_id_6b683652" ON "core_follow" ("to_person_id");
INSERT INTO sqlite_sequence (name, seq) SELECT 'core_follow', 0 FROM sqlite_sequence WHERE name = 'mw_high_water:core_follow' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'core_follow');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'mw_high_water:core_follow'), 0)) WHERE name = 'core_follow';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:core_follow';
--
-- Alter unique_together for follow (1 constraint(s))
--
CREATE UNIQUE INDEX "core_follow_from_person_id_to_person_id_5f71b996_uniq" ON "core_follow" ("from_person_id", "to_person_id");
--
-- Custom state/database change combination
--
-- (no-op)
COMMIT;
