--
-- Leave the foreign keys of labelling with their own indexes (MySQL, going back)
--
-- (no-op)
--
-- Raw Python operation
--
-- THIS OPERATION CANNOT BE WRITTEN AS SQL
--
-- Alter field note on labelling; Remove field note from labelling; Remove field weight from labelling; Alter field id on labelling; Rename field thing on labelling to item; Rename field label on labelling to tag; keep the id counter of labelling (SQLite)
--
ALTER TABLE `core_labelling` DROP COLUMN `note`;
ALTER TABLE `core_labelling` DROP COLUMN `weight`;
ALTER TABLE `core_labelling` MODIFY `id` bigint AUTO_INCREMENT NOT NULL;
ALTER TABLE `core_labelling` DROP FOREIGN KEY `core_labelling_thing_id_595da3e2_fk_core_item_id`;
ALTER TABLE `core_labelling` RENAME COLUMN `thing_id` TO `item_id`;
ALTER TABLE `core_labelling` ADD CONSTRAINT `core_labelling_item_id_11ab4bfd_fk_core_item_id` FOREIGN KEY (`item_id`) REFERENCES `core_item` (`id`);
ALTER TABLE `core_labelling` DROP FOREIGN KEY `core_labelling_label_id_6e06ec3e_fk_core_tag_id`;
ALTER TABLE `core_labelling` RENAME COLUMN `label_id` TO `tag_id`;
ALTER TABLE `core_labelling` ADD CONSTRAINT `core_labelling_tag_id_dc9ba9b8_fk_core_tag_id` FOREIGN KEY (`tag_id`) REFERENCES `core_tag` (`id`);
--
-- Rename table for labelling to core_item_labels
--
RENAME TABLE `core_labelling` TO `core_item_labels`;
--
-- Alter unique_together for labelling (1 constraint(s))
--
ALTER TABLE `core_item_labels` ADD CONSTRAINT `core_item_labels_item_id_tag_id_67dde611_uniq` UNIQUE (`item_id`, `tag_id`);
--
-- Custom state/database change combination
--
-- (no-op)
