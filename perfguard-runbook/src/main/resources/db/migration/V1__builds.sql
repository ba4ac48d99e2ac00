-- Builds and their Lighthouse runs. Portable SQL: the same script runs on SQLite and PostgreSQL.
CREATE TABLE build (
    id          VARCHAR(200) PRIMARY KEY,
    branch      VARCHAR(200) NOT NULL,
    commit_sha  VARCHAR(100),
    created_ms  BIGINT       NOT NULL
);
CREATE INDEX build_branch_created ON build (branch, created_ms);

-- run_key is the SHA-256 of the LHR file: storing a build again never duplicates a run.
CREATE TABLE lighthouse_run (
    build_id           VARCHAR(200) NOT NULL REFERENCES build (id),
    run_key            CHAR(64)     NOT NULL,
    source             VARCHAR(1000) NOT NULL,
    url                VARCHAR(2000) NOT NULL,
    form_factor        VARCHAR(20)  NOT NULL,
    fetch_time         VARCHAR(40)  NOT NULL,
    lighthouse_version VARCHAR(40)  NOT NULL,
    benchmark_index    DOUBLE PRECISION,
    warnings           TEXT         NOT NULL,
    failure            TEXT,
    PRIMARY KEY (build_id, run_key)
);

-- One sample per metric per run (vocabulary: a Sample is one observation of a Metric).
CREATE TABLE lighthouse_sample (
    build_id  VARCHAR(200) NOT NULL,
    run_key   CHAR(64)     NOT NULL,
    metric    VARCHAR(100) NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (build_id, run_key, metric),
    FOREIGN KEY (build_id, run_key) REFERENCES lighthouse_run (build_id, run_key)
);
