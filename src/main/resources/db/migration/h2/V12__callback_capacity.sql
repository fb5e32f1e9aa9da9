-- Call-back tasks for group sales created per calendar day (in relance.callback.time-zone): a scenario takes a slot
-- before it creates the task, with a conditional update (used < limit), so that the daily capacity
-- (relance.callback.daily-capacity) holds across application nodes. One row per day, created on first use.
CREATE TABLE callback_capacity (
    slot_day    DATE         NOT NULL PRIMARY KEY,
    used        INT          NOT NULL,
    CONSTRAINT ck_callback_capacity_used CHECK (used >= 0)
);
