-- Incidents (issue 5). Portable SQL: the same script runs on SQLite and PostgreSQL.
-- The incident aggregate is stored as one JSON document (doc) with a version for optimistic
-- concurrency; the columns beside it are what queries and constraints need.
CREATE TABLE incident (
    id            VARCHAR(64)  PRIMARY KEY,
    fingerprint   VARCHAR(200) NOT NULL,
    -- the fingerprint key while the incident is not closed, NULL once closed: the unique index makes
    -- racing reporters of one problem produce exactly one open incident (NULLs are not compared)
    open_key      VARCHAR(200),
    service       VARCHAR(128) NOT NULL,
    state         VARCHAR(20)  NOT NULL,
    opened_ms     BIGINT       NOT NULL,
    updated_ms    BIGINT       NOT NULL,
    version       BIGINT       NOT NULL,
    timeline_size BIGINT       NOT NULL,
    doc           TEXT         NOT NULL
);
CREATE UNIQUE INDEX incident_open_key ON incident (open_key);
CREATE INDEX incident_state_opened ON incident (state, opened_ms);

-- The append-only timeline; rows are only ever inserted.
CREATE TABLE incident_timeline (
    incident_id VARCHAR(64)  NOT NULL REFERENCES incident (id),
    seq         BIGINT       NOT NULL,
    at_ms       BIGINT       NOT NULL,
    who         VARCHAR(200) NOT NULL,
    kind        VARCHAR(20)  NOT NULL,
    what        TEXT         NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

-- Load tests and mitigation tasks, projected from the document for queries (DevOps views, dashboards).
CREATE TABLE incident_load_test (
    incident_id  VARCHAR(64)  NOT NULL REFERENCES incident (id),
    number       INTEGER      NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    start_ms     BIGINT       NOT NULL,
    concurrency  INTEGER      NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    verdict      VARCHAR(20),
    PRIMARY KEY (incident_id, number)
);

CREATE TABLE incident_task (
    incident_id VARCHAR(64)  NOT NULL REFERENCES incident (id),
    number      INTEGER      NOT NULL,
    action      VARCHAR(60)  NOT NULL,
    title       TEXT         NOT NULL,
    done_by     VARCHAR(200),
    done_ms     BIGINT,
    PRIMARY KEY (incident_id, number)
);

-- Reporting-window results per service and metric: from CI checks now, from the telemetry watch later.
CREATE TABLE window_result (
    service         VARCHAR(128) NOT NULL,
    window_length_ms BIGINT      NOT NULL,
    window_start_ms BIGINT       NOT NULL,
    metric          VARCHAR(300) NOT NULL,
    outcome         VARCHAR(20)  NOT NULL,
    value           DOUBLE PRECISION,
    source          VARCHAR(200) NOT NULL,
    recorded_by     VARCHAR(200) NOT NULL,
    recorded_ms     BIGINT       NOT NULL,
    PRIMARY KEY (service, window_length_ms, window_start_ms, metric)
);

-- Artefact contents, addressed by their SHA-256; incidents refer to them by name.
CREATE TABLE artefact (
    sha256     CHAR(64) PRIMARY KEY,
    size_bytes BIGINT   NOT NULL,
    content    BYTEA    NOT NULL,
    created_ms BIGINT   NOT NULL
);

CREATE TABLE incident_artefact (
    incident_id VARCHAR(64)  NOT NULL REFERENCES incident (id),
    name        VARCHAR(255) NOT NULL,
    sha256      CHAR(64)     NOT NULL REFERENCES artefact (sha256),
    PRIMARY KEY (incident_id, name)
);

-- API tokens: only the SHA-256 of the token is stored.
CREATE TABLE api_token (
    token_hash CHAR(64)     PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    role       VARCHAR(20)  NOT NULL,
    created_ms BIGINT       NOT NULL,
    revoked_ms BIGINT
);
CREATE UNIQUE INDEX api_token_name ON api_token (name);

-- Outbound effects, written in the same transaction as the incident change that causes them.
-- Delivery (retries, backoff, dead letters) comes with the notification channels (issue 6).
CREATE TABLE outbox (
    id              VARCHAR(100) PRIMARY KEY,
    channel         VARCHAR(40)  NOT NULL,
    incident_id     VARCHAR(64),
    dedup_key       VARCHAR(300) NOT NULL,
    payload         TEXT         NOT NULL,
    state           VARCHAR(20)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_ms BIGINT       NOT NULL,
    created_ms      BIGINT       NOT NULL,
    last_error      TEXT
);
CREATE UNIQUE INDEX outbox_dedup ON outbox (channel, dedup_key);
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);
