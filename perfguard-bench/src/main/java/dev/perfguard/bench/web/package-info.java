/**
 * Web page speed behind {@code scripts/bench-web}, a macro benchmark: the real server with its web pages
 * over a SQLite and a PostgreSQL store holding an incident with a year of hourly window results and
 * 10,000 incidents for the list, timed over loopback HTTP with references measured in the same run.
 *
 * <p>May import: {@code app.wiring} (the stores and the server come from the composition root),
 * {@code app.config}, {@code core.incident}, {@code runbook.incident}, {@code runbook.store} (its
 * locations), the JDK's HTTP client.
 */
package dev.perfguard.bench.web;
