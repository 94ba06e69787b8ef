--
-- Drop the trigger that mirrored user (postgresql)
--
-- (no-op)
--
-- Backwards: move the id sequence of user past its ids and past the sequence of person
--
-- (no-op)
--
-- Forwards: move the id sequence of person past its ids and past the sequence of user
--
INSERT INTO sqlite_sequence (name, seq) SELECT 'accounts_person', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'accounts_person');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT MAX("id") FROM "accounts_person"), 0), COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('accounts_user', 'mw_high_water:accounts_user')), 0)) WHERE name = 'accounts_person';
DELETE FROM sqlite_sequence WHERE name = 'mw_high_water:accounts_user';
--
-- Rename user.id to person_ptr (column person_ptr_id)
--
ALTER TABLE "accounts_user" RENAME COLUMN "id" TO "person_ptr_id";
--
-- Remove nickname, shoe_size from user (moved to person)
--
ALTER TABLE "accounts_user" DROP COLUMN "nickname";
ALTER TABLE "accounts_user" DROP COLUMN "shoe_size";
--
-- Make user.person_ptr the link to the parent accounts.person
--
CREATE TABLE "new__accounts_user" ("person_ptr_id" bigint NOT NULL PRIMARY KEY REFERENCES "accounts_person" ("id") DEFERRABLE INITIALLY DEFERRED, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL);
INSERT INTO "new__accounts_user" ("password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined", "person_ptr_id") SELECT "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined", "person_ptr_id" FROM "accounts_user";
DROP TABLE "accounts_user";
ALTER TABLE "new__accounts_user" RENAME TO "accounts_user";
CREATE TABLE "new__accounts_note" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "text" varchar(50) NOT NULL, "author_id" bigint NOT NULL REFERENCES "accounts_user" ("person_ptr_id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__accounts_note" ("id", "text", "author_id") SELECT "id", "text", "author_id" FROM "accounts_note";
DROP TABLE "accounts_note";
ALTER TABLE "new__accounts_note" RENAME TO "accounts_note";
CREATE INDEX "accounts_note_author_id_71e207e1" ON "accounts_note" ("author_id");
CREATE TABLE "new__accounts_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" bigint NOT NULL REFERENCES "accounts_user" ("person_ptr_id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__accounts_user_user_permissions" ("id", "user_id", "permission_id") SELECT "id", "user_id", "permission_id" FROM "accounts_user_user_permissions";
DROP TABLE "accounts_user_user_permissions";
ALTER TABLE "new__accounts_user_user_permissions" RENAME TO "accounts_user_user_permissions";
CREATE UNIQUE INDEX "accounts_user_user_permissions_user_id_permission_id_2ab516c2_uniq" ON "accounts_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "accounts_user_user_permissions_user_id_e4f0a161" ON "accounts_user_user_permissions" ("user_id");
CREATE INDEX "accounts_user_user_permissions_permission_id_113bb443" ON "accounts_user_user_permissions" ("permission_id");
CREATE TABLE "new__accounts_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" bigint NOT NULL REFERENCES "accounts_user" ("person_ptr_id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__accounts_user_groups" ("id", "user_id", "group_id") SELECT "id", "user_id", "group_id" FROM "accounts_user_groups";
DROP TABLE "accounts_user_groups";
ALTER TABLE "new__accounts_user_groups" RENAME TO "accounts_user_groups";
CREATE UNIQUE INDEX "accounts_user_groups_user_id_group_id_59c0b32f_uniq" ON "accounts_user_groups" ("user_id", "group_id");
CREATE INDEX "accounts_user_groups_user_id_52b62117" ON "accounts_user_groups" ("user_id");
CREATE INDEX "accounts_user_groups_group_id_bd11a704" ON "accounts_user_groups" ("group_id");
--
-- Drop the trigger that mirrored user (mysql)
--
-- (no-op)
--
-- Make user inherit from accounts.person
--
-- (no-op)
