-- Scenario performance figures, counted as things happen (feature figures). Camunda's history is never read to
-- answer them, so they survive its history cleanup.
--
-- figure_count: per scenario (process definition key and version) x calendar day (relance.figures.time-zone) x scope
-- ('' the scenario itself, a BPMN element id, or 'msg:<channel>:<messageType>' a send step) x metric, how many.
-- Increments of one transaction are written once, before it commits, spread over a few shards (hot rows), summed on
-- read. Revenue metrics ('revenue:<currency>') hold ten-thousandths of the currency unit.
CREATE TABLE figure_count (
    scenario    VARCHAR(255) NOT NULL,
    on_day      DATE         NOT NULL,
    version     INT          NOT NULL,
    element     VARCHAR(255) NOT NULL,
    metric      VARCHAR(64)  NOT NULL,
    shard       SMALLINT     NOT NULL,
    n           BIGINT       NOT NULL,
    PRIMARY KEY (scenario, on_day, version, element, metric, shard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_figure_count_scope ON figure_count (scenario, element, on_day);

-- What is there now: running instances (element '') and tokens waiting in each element, +1 on start, -1 on end.
CREATE TABLE figure_gauge (
    scenario    VARCHAR(255) NOT NULL,
    version     INT          NOT NULL,
    element     VARCHAR(255) NOT NULL,
    shard       SMALLINT     NOT NULL,
    n           BIGINT       NOT NULL,
    PRIMARY KEY (scenario, version, element, shard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Each message a scenario sent, with the contact's first reactions: counts each open, click, unsubscribe and SMS
-- receipt once per message, and attributes a conversion (the scenario's goal event) to one scenario.
CREATE TABLE figure_message (
    communication_id    VARCHAR(36)  NOT NULL PRIMARY KEY,
    contact_id          VARCHAR(64)  NOT NULL,
    scenario            VARCHAR(255) NOT NULL,
    version             INT          NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    message_type        VARCHAR(100) NOT NULL,
    category            VARCHAR(16)  NOT NULL,
    sent_at             DATETIME(6)  NOT NULL,
    opened_at           DATETIME(6),
    clicked_at          DATETIME(6),
    unsubscribed_at     DATETIME(6),
    delivered_at        DATETIME(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_figure_message_contact ON figure_message (contact_id, sent_at);
