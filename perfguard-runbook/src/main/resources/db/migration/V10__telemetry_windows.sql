-- Telemetry reporting windows: one row per expectation and window start. A row is first a claim
-- (state 'claimed', by one replica), then the evaluated result (state 'done'); it is never
-- overwritten once done. Portable SQL: the same script runs on SQLite and PostgreSQL.
CREATE TABLE telemetry_window (
    expectation     VARCHAR(200)     NOT NULL,
    window_start_ms BIGINT           NOT NULL,
    window_ms       BIGINT           NOT NULL,
    state           VARCHAR(10)      NOT NULL,
    owner           VARCHAR(200)     NOT NULL,
    claimed_ms      BIGINT           NOT NULL,
    metric          VARCHAR(512),
    verdict         VARCHAR(10),
    value           DOUBLE PRECISION,
    baseline        DOUBLE PRECISION,
    limit_value     DOUBLE PRECISION,
    query_text      TEXT,
    evaluated_ms    BIGINT,
    panel_title     VARCHAR(200),
    panel_url       TEXT,
    detail          TEXT,
    recorded_ms     BIGINT,
    PRIMARY KEY (expectation, window_start_ms),
    CHECK (state IN ('claimed', 'done'))
);
CREATE INDEX telemetry_window_start ON telemetry_window (window_start_ms);
