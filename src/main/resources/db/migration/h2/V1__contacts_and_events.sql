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
    consent_email_at    TIMESTAMP(6) WITH TIME ZONE,
    consent_sms         BOOLEAN,
    consent_sms_at      TIMESTAMP(6) WITH TIME ZONE,
    consent_phone       BOOLEAN,
    consent_phone_at    TIMESTAMP(6) WITH TIME ZONE,
    attributes          CHARACTER LARGE OBJECT,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version             BIGINT NOT NULL
);

CREATE TABLE inbound_event (
    event_id            VARCHAR(128) NOT NULL PRIMARY KEY,
    type                VARCHAR(100) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    occurred_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    received_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    request_hash        VARCHAR(64)  NOT NULL,
    data                CHARACTER LARGE OBJECT,
    started_instances   CHARACTER LARGE OBJECT,
    reached_instances   CHARACTER LARGE OBJECT
);

CREATE INDEX idx_inbound_event_contact ON inbound_event (contact_id, occurred_at);
