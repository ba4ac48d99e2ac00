-- The web list (issue 13) pages through incidents newest first (ORDER BY opened_ms DESC, id DESC). Without
-- an index in that order every page sorted the whole table, documents included: 10,000 incidents took
-- 80-340 ms a page on SQLite (the sort spilled out of the page cache) and 50-70 ms on PostgreSQL, measured
-- by scripts/bench-web. With it a page walks the index backwards and stops after offset + limit rows.
-- Portable SQL: the same script runs on SQLite and PostgreSQL.
CREATE INDEX incident_opened ON incident (opened_ms, id);
