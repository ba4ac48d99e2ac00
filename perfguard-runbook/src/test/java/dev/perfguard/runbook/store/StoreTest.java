package dev.perfguard.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTest {
    @TempDir Path tmp;

    private static PerfguardException storeError(Runnable r) {
        try {
            r.run();
        } catch (PerfguardException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE);
            return e;
        }
        throw new AssertionError("expected a STORE error");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aFailedStatementNamesTheStoreAndTheSqlButNotItsValues(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        String payload = "{\"body\":\"" + "x".repeat(5000) + "\"}";
        PerfguardException e = storeError(() -> store.inTransaction(h -> h.createUpdate("""
                INSERT INTO outbox (id, channel, incident_id, dedup_key, payload, state, attempts, next_attempt_ms, created_ms)
                VALUES (:id, NULL, NULL, :dedupKey, :payload, 'pending', 0, 0, 0)""")
                .bind("id", "row-1").bind("dedupKey", "k").bind("payload", payload).execute()));
        assertThat(e.getMessage())
                .startsWith(store.description() + ": ")
                .contains("[statement: INSERT INTO outbox (id, channel, incident_id, dedup_key, payload, state,")
                .contains("VALUES (:id, NULL, NULL, :dedupKey, :payload, 'pending', 0, 0, 0)]")
                .containsIgnoringCase("null")
                .doesNotContain("x".repeat(300))
                .hasSizeLessThan(store.description().length() + 1000);
        // rolled back: nothing half-written
        assertThat(count(store, "outbox")).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void workThatThrowsRollsBackAndItsExceptionComesThroughUnchanged(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        PerfguardException conflict = new PerfguardException(ErrorCode.CONFLICT, "changed meanwhile");
        assertThatThrownBy(() -> store.inTransaction(h -> {
            h.createUpdate("INSERT INTO build (id, branch, created_ms) VALUES ('b1', 'main', 1)").execute();
            throw conflict;
        })).isSameAs(conflict);
        assertThat(count(store, "build")).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aClosedStoreRefusesWorkWithAClearError(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        assertThat(count(store, "build")).isZero();
        store.close();
        store.close(); // twice is harmless
        PerfguardException e = storeError(() -> store.inTransaction(h -> 1));
        assertThat(e.getMessage()).isEqualTo(store.description() + ": the store is closed");
    }

    @Test
    void closingAPooledSqliteStoreClosesItsConnections() throws Exception {
        Path file = tmp.resolve("closing.db");
        Store store = Store.open(new Store.Location.Sqlite(file), Store.Pool.SERVER);
        store.inTransaction(h -> h.createUpdate("INSERT INTO build (id, branch, created_ms) VALUES ('b1', 'main', 1)").execute());
        // an idle pooled connection keeps the write-ahead log; the last connection to close checkpoints and removes it
        assertThat(Path.of(file + "-wal")).exists();
        store.close();
        assertThat(Path.of(file + "-wal")).doesNotExist();
        try (Store again = Store.open(new Store.Location.Sqlite(file))) {
            assertThat(count(again, "build")).isOne();
        }
    }

    /** A short command's store is never closed (the JVM exits): its database file must be complete anyway. */
    @Test
    void aShortCommandsSqliteStoreHoldsNoConnectionBetweenTransactions() throws Exception {
        Path file = tmp.resolve("command.db");
        Store store = Store.open(new Store.Location.Sqlite(file), Store.Pool.COMMAND);
        store.inTransaction(h -> h.createUpdate("INSERT INTO build (id, branch, created_ms) VALUES ('b1', 'main', 1)").execute());
        assertThat(Path.of(file + "-wal")).doesNotExist(); // no connection open: the log went back into the file
        Path copy = tmp.resolve("copy.db");
        Files.copy(file, copy); // the .db file alone, as a CI cache would keep it
        try (Store fromCopy = Store.open(new Store.Location.Sqlite(copy))) {
            assertThat(count(fromCopy, "build")).isOne();
        }
    }

    @Test
    void closingAPostgresStoreClosesItsConnections() throws Exception {
        Store.Location where = TestStores.location(TestStores.Kind.POSTGRES, tmp);
        Store store = Store.open(where);
        int pid = store.inTransaction(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
        try (Store other = Store.open(where)) {
            assertThat(backends(other, pid)).isOne(); // idle in the pool
            store.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (backends(other, pid) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the server ends the backend once it sees the connection close
            }
            assertThat(backends(other, pid)).isZero();
        }
    }

    private static long count(Store store, String table) {
        return store.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private static long backends(Store store, int pid) {
        return store.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = :pid")
                .bind("pid", pid).mapTo(Long.class).one());
    }

    @Test
    void sqliteConnectionsRunInWalModeWithForeignKeysAndTheBusyTimeout() {
        Store store = TestStores.open(TestStores.Kind.SQLITE, tmp);
        store.inTransaction(h -> {
            assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
            assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(1); // NORMAL
            assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
            assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()).isEqualTo(60_000);
            return null;
        });
        // foreign keys are enforced: a run of a build that does not exist is refused
        PerfguardException e = storeError(() -> store.inTransaction(h -> h.createUpdate("""
                INSERT INTO lighthouse_run (build_id, run_key, source, url, form_factor, fetch_time, lighthouse_version, warnings)
                VALUES ('nope', 'k', 's', 'u', 'mobile', 't', 'v', '')""").execute()));
        assertThat(e.getMessage()).contains("FOREIGN KEY");
    }

    /**
     * A transaction takes SQLite's write lock when it begins, even one that only reads (another writer
     * meanwhile gets SQLITE_BUSY at once with no busy timeout), and releases it when it ends: an idle
     * pooled connection holds no lock (SERVER), nor does a short command's store between transactions (COMMAND).
     */
    @ParameterizedTest
    @ValueSource(strings = {"COMMAND", "SERVER"})
    void aSqliteTransactionHoldsTheWriteLockFromItsBeginToItsEndOnly(String pool) throws Exception {
        onSqliteWithAnotherConnection("lock.db", pool.equals("SERVER") ? Store.Pool.SERVER : Store.Pool.COMMAND, (store, other) -> {
            store.inTransaction(h -> {
                builds(h);
                assertThatThrownBy(() -> other.execute("BEGIN IMMEDIATE")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("SQLITE_BUSY");
                return null;
            });
            other.execute("BEGIN IMMEDIATE"); // free again: the pooled connection went back idle without a lock
            other.execute("ROLLBACK");
        });
    }

    /**
     * A read takes no lock: another connection can take SQLite's write lock while the read runs, and the
     * read sees what was committed before it, not what a writer holds uncommitted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"COMMAND", "SERVER"})
    void aSqliteReadTakesNoWriteLockAndSeesOnlyCommittedRows(String pool) throws Exception {
        onSqliteWithAnotherConnection("read.db", pool.equals("SERVER") ? Store.Pool.SERVER : Store.Pool.COMMAND, (store, other) -> {
            long seen = store.inAutoCommit(h -> {
                long before = builds(h);
                // would fail with SQLITE_BUSY if the read held the write lock
                on(other, "BEGIN IMMEDIATE", "INSERT INTO build (id, branch, commit_sha, created_ms) VALUES ('b1', 'main', NULL, 1)");
                return before;
            });
            assertThat(seen).isZero();
            assertThat(store.inAutoCommit(StoreTest::builds).longValue()).isZero();
            other.execute("COMMIT");
            assertThat(store.inAutoCommit(StoreTest::builds).longValue()).isEqualTo(1);
        });
    }

    /**
     * A read transaction on SQLite begins DEFERRED: another connection can take the write lock meanwhile,
     * and every statement of the read still sees the state it began with.
     */
    @Test
    void aSqliteReadTransactionSharesTheFileAndSeesOneState() throws Exception {
        onSqliteWithAnotherConnection("readtx.db", Store.Pool.SERVER, (store, other) -> {
            List<Long> counts = store.inReadTransaction(h -> {
                long first = builds(h);
                on(other, "BEGIN IMMEDIATE", "INSERT INTO build (id, branch, commit_sha, created_ms) VALUES ('b1', 'main', NULL, 1)",
                        "COMMIT");
                return List.of(first, builds(h));
            });
            assertThat(counts).containsExactly(0L, 0L);
            assertThat(store.inAutoCommit(StoreTest::builds).longValue()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aReadTransactionThatFailsLeavesTheConnectionUsable(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        assertThatThrownBy(() -> store.inReadTransaction(h -> {
            h.createQuery("SELECT COUNT(*) FROM build").mapTo(Long.class).one();
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        long n = store.inReadTransaction(h -> h.createQuery("SELECT COUNT(*) FROM build").mapTo(Long.class).one());
        assertThat(n).isZero();
        store.inTransaction(h -> h.execute("INSERT INTO build (id, branch, commit_sha, created_ms) VALUES ('b2', 'main', NULL, 1)"));
        store.close();
    }

    @Test
    void anUnreachablePostgresIsAStoreErrorAtOpen() {
        PerfguardException e = storeError(() -> Store.open(
                new Store.Location.Postgres("jdbc:postgresql://127.0.0.1:1/perfguard?user=u&password=s3cret", null)));
        assertThat(e.getMessage()).startsWith("PostgreSQL jdbc:postgresql://127.0.0.1:1/perfguard?user=u&password=***: cannot connect: ")
                .doesNotContain("s3cret");
    }

    @Test
    void poolSizesAreChecked() {
        assertThatThrownBy(() -> new Store.Pool(0, 0)).isInstanceOf(PerfguardException.class)
                .hasMessage("a store pool needs 1 to 200 connections, was 0");
        assertThatThrownBy(() -> new Store.Pool(2, 3)).isInstanceOf(PerfguardException.class)
                .hasMessage("a store pool keeps 0 to 2 idle connections, was 3");
        assertThat(Store.Pool.COMMAND.minimumIdle()).isZero();
    }

    /** Runs {@code body} on a fresh SQLite store of {@code pool}'s size and a second, plain connection to the same file that never waits for a lock. */
    private void onSqliteWithAnotherConnection(String file, Store.Pool pool, SqliteBody body) throws Exception {
        Path path = tmp.resolve(file);
        Store store = Store.open(new Store.Location.Sqlite(path), pool);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + path); Statement st = other.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            body.run(store, st);
        } finally {
            store.close();
        }
    }

    @FunctionalInterface
    private interface SqliteBody {
        void run(Store store, Statement other) throws Exception;
    }

    private static long builds(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM build").mapTo(Long.class).one();
    }

    /** Runs {@code sql} on the other connection inside the store's work, where checked exceptions cannot pass. */
    private static void on(Statement other, String... sql) {
        try {
            for (String q : sql) {
                other.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the database file under the store (issue 12, items 11 and 12) ----

    private static void insertBuild(Store store, String id) {
        store.inTransaction(h -> h.createUpdate("INSERT INTO build (id, branch, created_ms) VALUES (:id, 'main', 1)")
                .bind("id", id).execute());
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMAND", "SERVER"})
    void workOnADeletedDatabaseFolderIsRefusedAndNoEmptyDatabaseTakesItsPlace(String pool) throws Exception {
        Path folder = tmp.resolve("store");
        Path file = folder.resolve("perfguard.db");
        Store store = Store.open(new Store.Location.Sqlite(file), pool.equals("SERVER") ? Store.Pool.SERVER : Store.Pool.COMMAND);
        try {
            insertBuild(store, "b1");
            deleteTree(folder);
            PerfguardException e = storeError(() -> insertBuild(store, "b2"));
            assertThat(e.getMessage()).startsWith(store.description() + ": the database file was moved or deleted")
                    .contains("Move the file (with its -wal) back to " + file.toAbsolutePath());
            storeError(() -> count(store, "build"));
            // the folder comes back empty (a restored backup elsewhere, a re-created volume): still not the file opened
            Files.createDirectories(folder);
            storeError(() -> insertBuild(store, "b3"));
            assertThat(file).doesNotExist();
        } finally {
            store.close();
        }
    }

    @Test
    void aDatabaseFileMovedAwayAndBackIsWorkedOnAgain() throws Exception {
        Path folder = tmp.resolve("store");
        Store store = Store.open(new Store.Location.Sqlite(folder.resolve("perfguard.db")), Store.Pool.SERVER);
        try {
            insertBuild(store, "b1");
            Files.move(folder, tmp.resolve("elsewhere"));
            assertThat(storeError(() -> insertBuild(store, "b2")).getMessage()).contains("was moved or deleted");
            assertThat(store.health(Duration.ofSeconds(10))).isInstanceOf(Store.Health.Unavailable.class);
            Files.move(tmp.resolve("elsewhere"), folder);
            insertBuild(store, "b2");
            assertThat(count(store, "build")).isEqualTo(2);
        } finally {
            store.close();
        }
    }

    @Test
    void aReplacedDatabaseFileIsRefused() throws Exception {
        Path file = tmp.resolve("perfguard.db");
        Store store = Store.open(new Store.Location.Sqlite(file), Store.Pool.SERVER);
        try {
            insertBuild(store, "b1");
            Files.copy(file, tmp.resolve("copy.db"));
            Files.move(tmp.resolve("copy.db"), file, StandardCopyOption.REPLACE_EXISTING);
            assertThat(storeError(() -> insertBuild(store, "b2")).getMessage()).contains("was replaced");
        } finally {
            store.close();
        }
    }

    @Test
    void aConfiguredStoreWhoseFolderIsMissingIsNotCreatedButTheDefaultsFolderIs() {
        Path file = tmp.resolve("gone").resolve("perfguard.db");
        PerfguardException e = storeError(() -> Store.open(new Store.Location.Sqlite(file, false)));
        assertThat(e.getMessage()).contains("the folder " + file.getParent().toAbsolutePath() + " does not exist")
                .contains("mkdir -p " + file.getParent().toAbsolutePath());
        assertThat(file.getParent()).doesNotExist();
        // a new file in an existing folder, and a folder that may be created (the default path): created
        Store inFolder = Store.open(new Store.Location.Sqlite(tmp.resolve("new.db"), false));
        inFolder.close();
        Store created = Store.open(new Store.Location.Sqlite(file, true));
        created.close();
        assertThat(file).exists();
    }

    @Test
    void aDatabaseFileWhoseWriteAheadLogRemainsIsNotStartedAnew() throws Exception {
        Path file = tmp.resolve("perfguard.db");
        Files.writeString(tmp.resolve("perfguard.db-wal"), "left behind");
        PerfguardException e = storeError(() -> Store.open(new Store.Location.Sqlite(file)));
        assertThat(e.getMessage()).contains("the database file is missing but its write-ahead log " + tmp.resolve("perfguard.db-wal"));
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void anOpenStoreIsHealthyAndAClosedOneIsNot(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        assertThat(store.health(Duration.ofSeconds(10))).isEqualTo(new Store.Health.Ready());
        store.close();
        assertThat(store.health(Duration.ofSeconds(10)))
                .isEqualTo(new Store.Health.Unavailable(store.description() + ": the store is closed"));
    }

    @Test
    void aReadOnlySqliteFileIsUnhealthy() throws Exception {
        Path file = tmp.resolve("perfguard.db");
        Store store = Store.open(new Store.Location.Sqlite(file), Store.Pool.SERVER);
        try (ReadOnly ro = ReadOnly.make(file)) {
            assertThat(store.health(Duration.ofSeconds(10))).isEqualTo(new Store.Health.Unavailable(
                    store.description() + ": " + file.toAbsolutePath() + " is read-only for this process, so every write fails; "
                            + "make it writable again (its permissions, mount or immutable flag)"));
        } finally {
            store.close();
        }
    }

    @Test
    void aStoppedPostgresIsUnhealthyWithinTheTimeout() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start()) {
            Store store = Store.open(new Store.Location.Postgres(pg.jdbcUrl(), null), Store.Pool.SERVER);
            try {
                assertThat(store.health(Duration.ofSeconds(10))).isEqualTo(new Store.Health.Ready());
                pg.stop();
                Store.Health h = store.health(Duration.ofSeconds(2));
                assertThat(h).isInstanceOf(Store.Health.Unavailable.class);
                assertThat(((Store.Health.Unavailable) h).reason()).startsWith(store.description() + ": ");
            } finally {
                store.close();
            }
        }
    }
}
