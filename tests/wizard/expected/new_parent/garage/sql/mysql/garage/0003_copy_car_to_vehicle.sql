--
-- Copy the ids and plate, colour of every car into vehicle
--
DELETE FROM `garage_vehicle`;
INSERT INTO `garage_vehicle` (`number`, `plate`, `colour`) SELECT `number`, `plate`, `colour` FROM `garage_car`;
