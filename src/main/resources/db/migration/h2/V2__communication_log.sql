CREATE TABLE communication (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    idempotency_key     VARCHAR(255) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    scenario            VARCHAR(255),
    process_instance_id VARCHAR(64),
    activity_id         VARCHAR(255),
    channel             VARCHAR(16)  NOT NULL,
    message_type        VARCHAR(100) NOT NULL,
    category            VARCHAR(16)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    reason              VARCHAR(1000),
    provider_id         VARCHAR(255),
    recipient           VARCHAR(254),
    subject             VARCHAR(500),
    links               CHARACTER LARGE OBJECT,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_communication_idempotency UNIQUE (idempotency_key)
);

CREATE INDEX idx_communication_contact ON communication (contact_id, created_at);
