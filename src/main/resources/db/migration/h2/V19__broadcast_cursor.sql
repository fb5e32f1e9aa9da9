-- Where a broadcast's registration stands: the last contact registered (registrations resume after it, in O(1),
-- also when two executions of the registration take turns). NULL: none registered yet, or registered before this
-- column existed (then read once from pending_message).
ALTER TABLE broadcast ADD COLUMN last_contact VARCHAR(64);
