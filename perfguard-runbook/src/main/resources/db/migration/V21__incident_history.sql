-- An incident that grows (issue 12). Portable SQL: the same script runs on SQLite and PostgreSQL.
-- The unbounded history leaves the incident document: the timeline was already kept row by row in
-- incident_timeline (the document now carries its newest entry only), and deploy notes get their own
-- rows here, numbered from 1 per incident. deploy_notes counts the rows, so appending one reads and
-- rewrites nothing of the history. Documents written before this keep their notes inline until their
-- next change moves them here (the store reads both).
ALTER TABLE incident ADD COLUMN deploy_notes BIGINT NOT NULL DEFAULT 0;

CREATE TABLE incident_deploy_note (
    incident_id VARCHAR(64)  NOT NULL REFERENCES incident (id),
    number      BIGINT       NOT NULL,
    at_ms       BIGINT       NOT NULL,
    who         VARCHAR(200) NOT NULL,
    text        TEXT         NOT NULL,
    PRIMARY KEY (incident_id, number)
);
