-- The kinds of file a CI build's metrics were read from (perf_metrics, jmh, k6 summary, lighthouse, rag-eval), sorted and
-- comma-separated, for 'perfguard builds list' and the /builds page. NULL for builds ingested before V27.
-- Portable SQL: the same script runs on SQLite and PostgreSQL.
ALTER TABLE ci_build ADD COLUMN sources VARCHAR(200);
