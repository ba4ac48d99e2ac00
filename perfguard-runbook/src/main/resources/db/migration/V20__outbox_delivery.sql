-- Outbox delivery (issue 6). Portable SQL: the same script runs on SQLite and PostgreSQL.
-- A claim leases a row: claimed_by names the dispatcher, lease_until_ms is when the lease runs out
-- (next_attempt_ms is pushed to the same instant, so an expired lease makes the row due again and a
-- crashed dispatcher's rows are claimed by another). dead_reason is why a row became a dead letter.
ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE outbox ADD COLUMN lease_until_ms BIGINT;
ALTER TABLE outbox ADD COLUMN delivered_ms BIGINT;
ALTER TABLE outbox ADD COLUMN external_ref TEXT;
ALTER TABLE outbox ADD COLUMN dead_reason TEXT;

-- What an incident's opening produced on a channel: the Jira issue key, the Slack channel/ts, the
-- PagerDuty dedup key. Written once (the first one recorded wins), read by later deliveries.
CREATE TABLE external_ref (
    incident_id VARCHAR(64)  NOT NULL,
    channel     VARCHAR(40)  NOT NULL,
    ref         TEXT         NOT NULL,
    created_ms  BIGINT       NOT NULL,
    PRIMARY KEY (incident_id, channel)
);
