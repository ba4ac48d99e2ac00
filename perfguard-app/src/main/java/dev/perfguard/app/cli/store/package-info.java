/**
 * Commands that work directly on the store: {@code builds list}, {@code tokens} (so the first admin token
 * can be made) and {@code outbox} (dead letters), each through the composition root.
 *
 * <p>May import: {@code app.config}, {@code app.wiring}, {@code runbook.*}.
 */
package dev.perfguard.app.cli.store;
