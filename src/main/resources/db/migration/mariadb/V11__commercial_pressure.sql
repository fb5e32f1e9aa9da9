-- Commercial pressure: every commercial message waits here for its arbitration (the contact's send slot, quiet
-- hours), then is granted (sent within the caps), or suppressed (a higher priority won, or a cap was reached).
-- Rows come from scenario send tasks (an external task waits in the scenario) or from broadcasts (no instance).
CREATE TABLE pending_message (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    idempotency_key     VARCHAR(255) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    message_type        VARCHAR(100) NOT NULL,
    priority            INT          NOT NULL,
    scenario            VARCHAR(255),
    process_instance_id VARCHAR(64),
    activity_id         VARCHAR(255),
    external_task_id    VARCHAR(64),
    broadcast_id        VARCHAR(36),
    due_at              DATETIME(6) NOT NULL,
    decide_at           DATETIME(6) NOT NULL,
    window_end          DATETIME(6) NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    reason              VARCHAR(1000),
    winner_id           VARCHAR(36),
    created_at          DATETIME(6) NOT NULL,
    updated_at          DATETIME(6) NOT NULL,
    CONSTRAINT uk_pending_message_idempotency UNIQUE (idempotency_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_pending_message_due ON pending_message (status, decide_at);
CREATE INDEX idx_pending_message_contact ON pending_message (contact_id, status, decide_at);
CREATE INDEX idx_pending_message_broadcast ON pending_message (broadcast_id, status);

-- Which message won the arbitration a suppressed message lost.
ALTER TABLE communication ADD COLUMN winner_id VARCHAR(36);

-- A broadcast (newsletter, promotion) to a segment: one row here, one pending_message per recipient.
CREATE TABLE broadcast (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    name                VARCHAR(255) NOT NULL,
    message_type        VARCHAR(100) NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    segment             VARCHAR(255),
    variables           LONGTEXT,
    send_on             DATE         NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    recipients          INT          NOT NULL,
    created_at          DATETIME(6) NOT NULL,
    updated_at          DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
