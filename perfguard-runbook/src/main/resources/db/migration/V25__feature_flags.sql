-- (numbered 25, after 23 and the CI metric points of 24, so stores made since have no gap) Feature flags (issue 15). Portable SQL: the same script runs on SQLite and PostgreSQL.
-- The flag states captured with an incident's evidence: at its opening and with every hypothesis and
-- deploy note. flags is a JSON array of {"flag", "state"}; error is why the store could not be read.
CREATE TABLE flag_capture (
    incident_id VARCHAR(64)   NOT NULL REFERENCES incident (id),
    seq         BIGINT        NOT NULL,
    at_ms       BIGINT        NOT NULL,
    cause       TEXT          NOT NULL,
    store       VARCHAR(1000) NOT NULL,
    flags       TEXT          NOT NULL,
    error       TEXT,
    PRIMARY KEY (incident_id, seq)
);

-- Every change of a flag's state perfguard made (source 'toggle') or saw between two captures ('capture',
-- timed when seen); before_state is NULL the first time a flag was seen. Only ever inserted: the audit.
CREATE TABLE flag_change (
    id           VARCHAR(36)   PRIMARY KEY,
    store        VARCHAR(1000) NOT NULL,
    flag         VARCHAR(200)  NOT NULL,
    at_ms        BIGINT        NOT NULL,
    before_state VARCHAR(200),
    after_state  VARCHAR(200)  NOT NULL,
    by_who       TEXT          NOT NULL,
    source       VARCHAR(40)   NOT NULL,
    incident_id  VARCHAR(64)
);
CREATE INDEX flag_change_flag_at ON flag_change (store, flag, at_ms);

-- Containment requests of the "no immediate fix" branch: a feature-flag rollback (flag set) or traffic
-- shaping (description set), approved or denied by a responder for DevOps, then carried out.
CREATE TABLE flag_rollback (
    incident_id  VARCHAR(64)  NOT NULL REFERENCES incident (id),
    number       BIGINT       NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    flag         VARCHAR(200),
    description  TEXT,
    store        VARCHAR(1000) NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    requested_ms BIGINT       NOT NULL,
    decided_by   VARCHAR(200),
    decided_ms   BIGINT,
    reason       TEXT,
    before_state VARCHAR(200),
    after_state  VARCHAR(200),
    done_ms      BIGINT,
    error        TEXT,
    PRIMARY KEY (incident_id, number),
    CHECK (kind IN ('flag', 'traffic-shaping')),
    CHECK (state IN ('requested', 'approved', 'denied', 'done', 'failed'))
);
