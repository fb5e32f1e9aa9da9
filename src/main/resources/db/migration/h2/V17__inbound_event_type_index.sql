-- The date-trigger run (feature datetrigger) looks up the latest event of a type (e.g. BookingConfirmed) every hour.
CREATE INDEX idx_inbound_event_type ON inbound_event (type, contact_id, occurred_at);
