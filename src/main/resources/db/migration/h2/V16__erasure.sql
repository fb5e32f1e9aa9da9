-- The erasure record (feature privacy): one row per erasure of a contact (GDPR, at the person's request or by the
-- retention rule). No personal data: the contact id only as a salted SHA-256 hash (salt: relance_secret 'erasure'),
-- who erased (the account's user name, or 'retention'), when, and how much was erased or made anonymous.
CREATE TABLE erasure_record (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    contact_hash        VARCHAR(64)  NOT NULL,
    erased_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    erased_by           VARCHAR(255) NOT NULL,
    cause               VARCHAR(16)  NOT NULL,
    instances_cancelled INT          NOT NULL,
    histories_deleted   INT          NOT NULL,
    counts              VARCHAR(2000) NOT NULL
);

CREATE INDEX idx_erasure_record_hash ON erasure_record (contact_hash, erased_at);
