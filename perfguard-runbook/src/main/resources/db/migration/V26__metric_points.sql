-- CI metrics ingested by 'perfguard ingest' (docs/ingest.md): one row per build, one per metric series of a build.
-- Separate from build/lighthouse_run: a CI build need not have Lighthouse runs, and a Lighthouse baseline must.
-- V26, not V24: main has V25 (feature flags), and Flyway refuses a pending migration below the newest applied one.
-- Portable SQL: the same script runs on SQLite and PostgreSQL.
CREATE TABLE ci_build (
    id          VARCHAR(200) PRIMARY KEY,
    branch      VARCHAR(200) NOT NULL,
    commit_sha  VARCHAR(100),
    time_ms     BIGINT       NOT NULL,
    stored_ms   BIGINT       NOT NULL
);
CREATE INDEX ci_build_branch_time ON ci_build (branch, time_ms, id);

-- series is the metric name with its labels in name order (jmh.a.B.read{mode=avgt}); labels and samples are JSON.
-- kind 'samples' holds repeated observations a rank test can compare, 'value' one reported value.
CREATE TABLE metric_point (
    build_id    VARCHAR(200)  NOT NULL REFERENCES ci_build (id),
    series      VARCHAR(1000) NOT NULL,
    metric      VARCHAR(512)  NOT NULL,
    labels      TEXT          NOT NULL,
    unit        VARCHAR(40)   NOT NULL,
    direction   VARCHAR(10)   NOT NULL,
    kind        VARCHAR(10)   NOT NULL,
    samples     TEXT          NOT NULL,
    PRIMARY KEY (build_id, series),
    CHECK (direction IN ('lower', 'higher')),
    CHECK (kind IN ('samples', 'value'))
);
CREATE INDEX metric_point_series ON metric_point (series, build_id);
