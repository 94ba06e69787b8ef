BEGIN;
SET LOCAL lock_timeout = '500ms';
--
-- Check every row of user.person_ptr against its parent (the link's foreign key)
--
ALTER TABLE "accounts_user" VALIDATE CONSTRAINT "accounts_user_person_ptr_id_f9ca8d56_fk_accounts_person_id";
COMMIT;
