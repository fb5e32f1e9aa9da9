-- Consent history: every consent answer of a contact (given or withdrawn), with when the person gave it (at), when
-- Relance recorded it, where it came from (source), its proof (a JSON object of plain values) and the account that
-- recorded it. Append-only: rows are never updated; only the erasure of the contact deletes them.
CREATE TABLE consent_record (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    contact_id          VARCHAR(64)  NOT NULL,
    channel             VARCHAR(8)   NOT NULL,
    granted             BOOLEAN      NOT NULL,
    at                  DATETIME(6)  NOT NULL,
    recorded_at         DATETIME(6)  NOT NULL,
    source              VARCHAR(64)  NOT NULL,
    proof               LONGTEXT,
    recorded_by         VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_consent_record_contact ON consent_record (contact_id, recorded_at);

-- The source of each channel's current answer, shown with the contact.
ALTER TABLE contact ADD COLUMN consent_email_source VARCHAR(64);
ALTER TABLE contact ADD COLUMN consent_sms_source VARCHAR(64);
ALTER TABLE contact ADD COLUMN consent_phone_source VARCHAR(64);

-- One record per consent known before the history existed.
INSERT INTO consent_record (contact_id, channel, granted, at, recorded_at, source)
SELECT id, 'email', consent_email, COALESCE(consent_email_at, updated_at), UTC_TIMESTAMP(6), 'recorded-before-history'
FROM contact WHERE consent_email IS NOT NULL;
INSERT INTO consent_record (contact_id, channel, granted, at, recorded_at, source)
SELECT id, 'sms', consent_sms, COALESCE(consent_sms_at, updated_at), UTC_TIMESTAMP(6), 'recorded-before-history'
FROM contact WHERE consent_sms IS NOT NULL;
INSERT INTO consent_record (contact_id, channel, granted, at, recorded_at, source)
SELECT id, 'phone', consent_phone, COALESCE(consent_phone_at, updated_at), UTC_TIMESTAMP(6), 'recorded-before-history'
FROM contact WHERE consent_phone IS NOT NULL;

UPDATE contact SET consent_email_source = 'recorded-before-history' WHERE consent_email IS NOT NULL;
UPDATE contact SET consent_sms_source = 'recorded-before-history' WHERE consent_sms IS NOT NULL;
UPDATE contact SET consent_phone_source = 'recorded-before-history' WHERE consent_phone IS NOT NULL;

-- Inbound SMS (STOP) find contacts by phone number.
CREATE INDEX idx_contact_phone ON contact (phone);
