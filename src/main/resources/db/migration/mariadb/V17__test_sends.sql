-- Test sends (POST /api/templates/{channel}/{messageType}/test-send): recorded in the communication log as tests,
-- never counted in commercial pressure nor in the figures. A test send with the sample contact has no contact.
ALTER TABLE communication
    ADD COLUMN test_send BOOLEAN NOT NULL DEFAULT FALSE,
    MODIFY contact_id VARCHAR(64) NULL;
