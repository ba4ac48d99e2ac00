/**
 * Outbox throughput behind {@code scripts/bench-outbox}, a macro benchmark: the {@code Dispatcher}
 * delivering to a local PagerDuty-shaped receiver from an in-memory port (the reference, same run), a
 * SQLite store and a PostgreSQL store, with a check that every message arrived exactly once.
 *
 * <p>May import: {@code app.wiring} (the stores come from the composition root, which alone opens them),
 * {@code app.config}, {@code runbook.notify}, {@code runbook.store} (its locations), {@code core.retry},
 * the JDK's HTTP server.
 */
package dev.perfguard.bench.outbox;
