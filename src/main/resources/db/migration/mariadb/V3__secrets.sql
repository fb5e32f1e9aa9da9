-- Secrets generated at first start when none is configured, shared by every application node.
CREATE TABLE relance_secret (
    name    VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret  VARCHAR(128) NOT NULL
);
