/**
 * The store: one SQLite file (WAL) by default, PostgreSQL for teams, one schema migrated by Flyway at
 * open. {@link dev.perfguard.runbook.store.Store} runs each unit of work in one transaction: all or
 * nothing. On SQLite each unit of work first checks that the path still names the file opened
 * ({@code DatabaseFile}); {@code Store.health} is the server's readiness. Only the application's composition
 * root opens a store.
 *
 * <p>May import: {@code core}, the JDBC drivers, Flyway, the connection layer, SLF4J.
 */
package dev.perfguard.runbook.store;
