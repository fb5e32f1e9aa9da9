-- Experiments (dmn/experiments.dmn): who is in which arm, and what happened to them, counted as it happens.

-- One row per (experiment, contact), written once: the contact keeps its arm when it enters again.
CREATE TABLE experiment_assignment (
    experiment          VARCHAR(100) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    arm                 VARCHAR(100) NOT NULL,
    scenario            VARCHAR(255),
    process_instance_id VARCHAR(64),
    assigned_at         DATETIME(6) NOT NULL,
    unsubscribed_at     DATETIME(6),
    PRIMARY KEY (experiment, contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_experiment_assignment_contact ON experiment_assignment (contact_id);
CREATE INDEX idx_experiment_assignment_arm ON experiment_assignment (experiment, arm);

-- The scenario instances that passed a split test, with their arm: their messages count for that arm.
CREATE TABLE experiment_instance (
    process_instance_id VARCHAR(64)  NOT NULL,
    experiment          VARCHAR(100) NOT NULL,
    arm                 VARCHAR(100) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    PRIMARY KEY (process_instance_id, experiment)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Messages of an arm (communication log outcome), and whether they were opened or clicked.
CREATE TABLE experiment_message (
    communication_id    VARCHAR(36)  NOT NULL,
    experiment          VARCHAR(100) NOT NULL,
    arm                 VARCHAR(100) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    opened              BOOLEAN      NOT NULL DEFAULT FALSE,
    clicked             BOOLEAN      NOT NULL DEFAULT FALSE,
    recorded_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (communication_id, experiment)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_experiment_message_arm ON experiment_message (experiment, arm);

-- Goal events (e.g. OrderPlaced) of assigned contacts within the attribution window after their assignment.
CREATE TABLE experiment_conversion (
    event_id            VARCHAR(128) NOT NULL,
    experiment          VARCHAR(100) NOT NULL,
    arm                 VARCHAR(100) NOT NULL,
    contact_id          VARCHAR(64)  NOT NULL,
    amount              DECIMAL(19, 4),
    currency            VARCHAR(3),
    occurred_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (event_id, experiment)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_experiment_conversion_arm ON experiment_conversion (experiment, arm);
