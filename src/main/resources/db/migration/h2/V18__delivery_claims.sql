-- Granted messages are claimed for delivery many at a time: one statement marks a batch with the claiming round's
-- token (and the lease in decide_at), a second reads what that round got.
ALTER TABLE pending_message ADD COLUMN claim_token VARCHAR(36);
CREATE INDEX idx_pending_message_claim ON pending_message (claim_token);
