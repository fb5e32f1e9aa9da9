CREATE TABLE contact (
    id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
    email               VARCHAR(254),
    phone               VARCHAR(16),
    first_name          VARCHAR(100),
    last_name           VARCHAR(100),
    birth_date          DATE,
    locale              VARCHAR(35),
    time_zone           VARCHAR(64),
    consent_email       BOOLEAN,
    consent_email_at    DATETIME(6),
    consent_sms         BOOLEAN,
    consent_sms_at      DATETIME(6),
    consent_phone       BOOLEAN,
    consent_phone_at    DATETIME(6),
    attributes          LONGTEXT,
    created_at          DATETIME(6) NOT NULL,
    updated_at          DATETIME(6) NOT NULL,
    version             BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE inbound_event (
    event_id            VARCHAR(128) NOT NULL PRIMARY KEY,
    type                VARCHAR(100) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    occurred_at         DATETIME(6)  NOT NULL,
    received_at         DATETIME(6)  NOT NULL,
    request_hash        VARCHAR(64)  NOT NULL,
    data                LONGTEXT,
    started_instances   LONGTEXT,
    reached_instances   LONGTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_inbound_event_contact ON inbound_event (contact_id, occurred_at);
