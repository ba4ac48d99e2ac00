/**
 * The store: one SQLite file (WAL) by default, PostgreSQL for teams, one schema migrated by Flyway at
 * open. {@link dev.perfguard.runbook.store.Store} runs each unit of work in one transaction: all or
 * nothing. Only the application's composition root opens a store.
 *
 * <p>May import: {@code core}, the JDBC drivers, Flyway, the connection layer.
 */
package dev.perfguard.runbook.store;
