SET SESSION lock_wait_timeout = 1;
--
-- Check every row of user.person_ptr against its parent (the link's foreign key)
--
SELECT c.`person_ptr_id` FROM `accounts_user` c LEFT JOIN `accounts_person` p ON p.`id` = c.`person_ptr_id` WHERE p.`id` IS NULL LIMIT 1;
