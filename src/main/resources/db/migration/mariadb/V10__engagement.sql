-- The last engagement segment computed for each contact by the daily engagement run (dmn/engagement-segment.dmn):
-- EngagementChanged is emitted only when it changes.
CREATE TABLE contact_engagement (
    contact_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    segment             VARCHAR(32)  NOT NULL,
    computed_at         DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_inbound_event_type_contact ON inbound_event (type, contact_id, occurred_at);
