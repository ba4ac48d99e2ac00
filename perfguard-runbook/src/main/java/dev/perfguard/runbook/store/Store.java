package dev.perfguard.runbook.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * perfguard's store: one SQLite file (WAL mode) by default, or PostgreSQL for teams. One schema,
 * migrated by Flyway at open. Work happens in {@link #inTransaction} units: all or nothing, on a Jdbi
 * {@link Handle} over a HikariCP pool sized by {@link Pool} (on SQLite only when the pool keeps idle
 * connections, see {@link Pool}).
 *
 * <p><b>SQLite.</b> Every connection runs in WAL mode with {@code synchronous=NORMAL}, foreign keys on and
 * a 60 s busy timeout, and begins its transactions with {@code BEGIN IMMEDIATE}: a writer takes the write
 * lock when the transaction starts, so concurrent writers (threads or processes on one file) queue on the
 * busy timeout instead of failing when a read lock would have to be upgraded. A thread waits for a pooled
 * connection longer than that busy timeout, so a full pool queues writers too rather than failing them.
 *
 * <p><b>Errors.</b> A failed statement is a {@code STORE} error naming the store, the database's message
 * (cut at {@value #MAX_DATABASE_MESSAGE} characters: PostgreSQL may quote a failing row) and the statement's
 * SQL. Bound values are not repeated: they can be message payloads, artefact bytes or token hashes.
 *
 * <p><b>Rows.</b> Each table's SQL class reads rows into records: through Jdbi's {@code ConstructorMapper}
 * where a column can be NULL (NULL becomes an empty {@code Optional} or {@code OptionalDouble}), through a
 * lambda reading the columns by name where none can. {@code ConstructorMapper} matches the columns to the
 * record again for every result set, 15-20 µs a query on SQLite as measured, which the outbox's, the token
 * check's and the incident read's rows do not pay.
 *
 * <p>Close the store to close its pool; a closed store refuses work with a {@code STORE} error.
 */
public final class Store implements AutoCloseable {
    /** Which database and where. */
    public sealed interface Location {
        /**
         * @param createFolder whether a missing folder is created for a new store: true for the default
         *     {@code .perfguard/perfguard.db} (a fresh machine), false for a configured path, where a missing
         *     folder more likely means a deleted folder or an unmounted volume than a new store
         */
        record Sqlite(Path file, boolean createFolder) implements Location {
            public Sqlite {
                Objects.requireNonNull(file, "file");
            }

            /** A store file whose folder is created when missing. */
            public Sqlite(Path file) {
                this(file, true);
            }
        }

        /** @param schema a schema to create and use (tests isolate themselves with one), or null */
        record Postgres(String jdbcUrl, String schema) implements Location {
            public Postgres {
                Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            }
        }
    }

    /**
     * The connection pool's size: at most {@code maximumSize} connections, {@code minimumIdle} of them
     * kept open while idle. Connections are opened on demand up to the maximum; ones above the minimum
     * are closed after {@link #IDLE_WITHOUT_MINIMUM} idle when the minimum is 0 (a command that is done
     * with the store), else after ten idle minutes; all of them when the store closes.
     *
     * <p>On SQLite a pool with {@code minimumIdle} 0 is no pool: each transaction opens a connection and closes
     * it when it ends, so nothing stays open between transactions and the last connection to close writes the
     * write-ahead log back into the database file. A short command that never closes its store (the JVM
     * exits) thus still leaves one complete {@code .db} file, as a CI cache or a copy expects.
     */
    public record Pool(int maximumSize, int minimumIdle) {
        /**
         * Short commands ({@code check}, {@code builds}, {@code tokens}, {@code outbox}) and tests: nothing
         * opened ahead, at most two connections on PostgreSQL, a connection per transaction on SQLite.
         */
        public static final Pool COMMAND = new Pool(2, 0);

        /** HikariCP's shortest idle timeout: how long a pool without a minimum keeps a connection it no longer uses. */
        static final Duration IDLE_WITHOUT_MINIMUM = Duration.ofSeconds(10);

        /** The server ({@code serve}, {@code demo}): request handlers, the outbox and the telemetry watch share it. */
        public static final Pool SERVER = new Pool(16, 2);

        public Pool {
            if (maximumSize < 1 || maximumSize > 200) {
                throw PerfguardException.badInput("a store pool needs 1 to 200 connections, was " + maximumSize);
            }
            if (minimumIdle < 0 || minimumIdle > maximumSize) {
                throw PerfguardException.badInput("a store pool keeps 0 to " + maximumSize + " idle connections, was "
                        + minimumIdle);
            }
        }
    }

    public enum Dialect { SQLITE, POSTGRES }

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_DATABASE_MESSAGE = 300;
    static final int MAX_STATEMENT = 2000;

    /** Where connections come from: {@link #pool}, or a SQLite data source opening one per transaction. */
    private final DataSource connections;
    /** The pool, or null when connections are not pooled. */
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The running or last health round trip. */
    private final AtomicReference<CompletableFuture<Health>> probing = new AtomicReference<>();
    /** The SQLite file as opened, or null on PostgreSQL. */
    private final DatabaseFile file;

    private Store(DataSource connections, HikariDataSource pool, Dialect dialect, String description, DatabaseFile file) {
        this.connections = connections;
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
        this.file = file;
        this.jdbi = Jdbi.create(connections);
        // no <name> templates in perfguard's SQL: '<' and '<>' are comparisons, never attributes
        jdbi.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP).setSqlParser(new NamedParameters());
    }

    /** Opens the store for a short command: {@link Pool#COMMAND}. */
    public static Store open(Location location) {
        return open(location, Pool.COMMAND);
    }

    /** Opens the store with a pool of {@code pool}'s size and migrates its schema. */
    public static Store open(Location location, Pool pool) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(pool, "pool");
        Store store = switch (location) {
            case Location.Sqlite s -> sqlite(s, pool);
            case Location.Postgres p -> postgres(p.jdbcUrl(), p.schema(), pool);
        };
        try {
            store.migrate(location instanceof Location.Postgres p ? p.schema() : null);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static Store sqlite(Location.Sqlite location, Pool pool) {
        Path file = location.file();
        String description = "SQLite " + file;
        boolean created = !Files.exists(file);
        if (created) {
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal)) {
                throw new PerfguardException(ErrorCode.STORE, description + ": the database file is missing but its write-ahead "
                        + "log " + wal + " is there, so a store was here and lost its file; perfguard starts no new store over "
                        + "it. Restore the database file, or move the -wal and -shm files away to start an empty store");
            }
            createFolder(location, description);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        cfg.enforceForeignKeys(true);
        // BEGIN IMMEDIATE: a writer takes the lock at the start, so two writers queue on the busy
        // timeout instead of failing when a read lock would have to be upgraded.
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        if (created) {
            SQLiteDataSource creating = new SQLiteDataSource(cfg);
            creating.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            try (Connection c = creating.getConnection()) {
                c.getMetaData(); // the file exists once a connection opened it
                LOG.warn("{}: created a new empty store at {} (no database was there)", description, file.toAbsolutePath());
            } catch (SQLException e) {
                throw new PerfguardException(ErrorCode.STORE, description + ": cannot create the database: " + databaseMessage(e), e);
            }
        }
        // Every later connection opens the file without SQLite's CREATE flag: a connection opened after the
        // file was deleted fails instead of starting an empty database at its path.
        cfg.resetOpenMode(SQLiteOpenMode.CREATE);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        DatabaseFile opened = DatabaseFile.opened(file, description);
        if (pool.minimumIdle() == 0) {
            return new Store(ds, null, Dialect.SQLITE, description, opened);
        }
        // a connection waiting for the write lock holds its pooled connection for up to the busy timeout;
        // the next thread waits longer than that for a connection, so it queues instead of failing first
        HikariDataSource pooled = pool(ds, pool, SQLITE_BUSY_TIMEOUT.plusSeconds(10), description);
        return new Store(pooled, pooled, Dialect.SQLITE, description, opened);
    }

    /**
     * Creates the folder of a new store file if {@code location} allows it; otherwise a missing folder is a
     * {@code STORE} error: perfguard does not start an empty store where a folder has gone missing.
     */
    private static void createFolder(Location.Sqlite location, String description) {
        Path parent = location.file().toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        if (!location.createFolder()) {
            throw new PerfguardException(ErrorCode.STORE, description + ": the folder " + parent + " does not exist, so "
                    + "neither does the store. perfguard creates no empty store in place of a missing folder (deleted, "
                    + "moved, or a volume not mounted): restore the folder, or, for a new store, create it first (mkdir -p "
                    + parent + ")");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.STORE, location.file() + ": cannot create its folder: " + e.getMessage(), e);
        }
    }

    private static Store postgres(String jdbcUrl, String schema, Pool pool) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        String shown = jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        String description = "PostgreSQL " + shown + (schema == null ? "" : " schema " + schema);
        HikariDataSource pooled = pool(ds, pool, Duration.ofSeconds(30), description);
        return new Store(pooled, pooled, Dialect.POSTGRES, description, null);
    }

    private static HikariDataSource pool(DataSource ds, Pool size, Duration connectionTimeout, String description) {
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(ds);
        cfg.setPoolName("perfguard-store");
        cfg.setMaximumPoolSize(size.maximumSize());
        cfg.setMinimumIdle(size.minimumIdle());
        if (size.minimumIdle() == 0) {
            cfg.setIdleTimeout(Pool.IDLE_WITHOUT_MINIMUM.toMillis());
        }
        cfg.setConnectionTimeout(connectionTimeout.toMillis());
        cfg.setAutoCommit(true);
        try {
            // fails fast (one attempt) when the database cannot be reached
            return new HikariDataSource(cfg);
        } catch (HikariPool.PoolInitializationException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": cannot connect: " + databaseMessage(e), e);
        }
    }

    private void migrate(String schema) {
        try {
            var cfg = Flyway.configure(Store.class.getClassLoader())
                    .dataSource(connections)
                    .locations("classpath:db/migration")
                    .loggers("slf4j");
            if (schema != null) {
                cfg = cfg.schemas(schema).defaultSchema(schema).createSchemas(true);
            }
            cfg.load().migrate();
        } catch (FlywayException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": schema migration failed: " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Which database, for messages: the file, or the JDBC URL with its password masked, and the schema. */
    public String description() {
        return description;
    }

    /** What {@link #health} found: the store answers, or why it does not. */
    public sealed interface Health {
        record Ready() implements Health {}

        /** @param reason names the store and the cause, for a person */
        record Unavailable(String reason) implements Health {
            public Unavailable {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /**
     * Whether the store can do its work now, for a readiness check: not closed; on SQLite the file is still the
     * one opened and this process may write it and its folder; then a real round trip, one read of the schema
     * history (on PostgreSQL also whether the session is read-only: a standby), which must answer within
     * {@code timeout}. Only one round trip runs at a time: a check while one is running waits for that one, so
     * a database that hangs does not collect a waiting thread per check.
     */
    public Health health(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (closed.get()) {
            return new Health.Unavailable(description + ": the store is closed");
        }
        if (file != null) {
            Optional<String> change = file.change();
            if (change.isPresent()) {
                return new Health.Unavailable(file.message(change.get()));
            }
            Optional<String> readOnly = file.readOnly();
            if (readOnly.isPresent()) {
                return new Health.Unavailable(description + ": " + readOnly.get() + " is read-only for this process, so "
                        + "every write fails; make it writable again (its permissions, mount or immutable flag)");
            }
        }
        CompletableFuture<Health> probe = probing.get();
        if (probe == null || probe.isDone()) {
            CompletableFuture<Health> started = new CompletableFuture<>();
            if (probing.compareAndSet(probe, started)) {
                Thread.ofVirtual().name("store-health").start(() -> started.complete(roundTrip()));
                probe = started;
            } else {
                probe = probing.get();
            }
        }
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Health.Unavailable(description + ": no answer within " + timeout.toMillis() + " ms (the database "
                    + "is down or unreachable, or every connection is busy)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health.Unavailable(description + ": the health check was interrupted");
        } catch (ExecutionException e) {
            return new Health.Unavailable(description + ": " + e.getCause());
        }
    }

    private Health roundTrip() {
        try {
            Optional<String> readOnly = inAutoCommit(h -> {
                h.createQuery("SELECT COUNT(*) FROM flyway_schema_history").mapTo(Long.class).one();
                if (dialect == Dialect.POSTGRES
                        && "on".equals(h.createQuery("SHOW transaction_read_only").mapTo(String.class).one())) {
                    return Optional.of(description + ": the database is read-only (transaction_read_only is on: a standby, "
                            + "or default_transaction_read_only), so every write fails");
                }
                return Optional.<String>empty();
            });
            return readOnly.<Health>map(Health.Unavailable::new).orElseGet(Health.Ready::new);
        } catch (RuntimeException e) {
            return new Health.Unavailable(e.getMessage());
        }
    }

    /** A unit of work on one transaction's handle. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Handle h);
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. A
     * {@link PerfguardException} or other runtime exception from {@code work} is rethrown as it is; a
     * database failure becomes a {@code STORE} error (see the class comment).
     */
    public <T> T inTransaction(Work<T> work) {
        return run(work, true);
    }

    /**
     * Runs {@code work}, which is one statement, on a connection in auto-commit mode: the statement is its
     * own transaction, all or nothing, and sees one consistent state of the store. No transaction is begun
     * around it, so a read takes no lock on SQLite (a transaction here begins with {@code BEGIN IMMEDIATE})
     * and a write holds the lock for its statement only. Work of several statements belongs in
     * {@link #inTransaction} or, when it only reads, {@link #inReadTransaction}. Errors as there.
     */
    public <T> T inAutoCommit(Work<T> work) {
        return run(work, false);
    }

    /**
     * Runs {@code work}, which only reads but with several statements, in one transaction that writes
     * nothing: every statement sees the same committed state. On SQLite it begins {@code DEFERRED}, so it
     * shares the file with other readers and with a writer instead of taking the write lock as
     * {@link #inTransaction} does; on PostgreSQL it is an ordinary transaction. Errors as there.
     */
    public <T> T inReadTransaction(Work<T> work) {
        if (dialect == Dialect.POSTGRES) {
            return run(work, true);
        }
        return run(h -> {
            h.execute("BEGIN DEFERRED");
            T result;
            try {
                result = work.run(h);
            } catch (RuntimeException e) {
                try {
                    h.execute("ROLLBACK");
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            h.execute("COMMIT");
            return result;
        }, false);
    }

    private <T> T run(Work<T> work, boolean transaction) {
        Objects.requireNonNull(work, "work");
        if (closed.get()) {
            throw new PerfguardException(ErrorCode.STORE, description + ": the store is closed");
        }
        if (file != null) {
            file.requireUnchanged();
        }
        try {
            return transaction ? jdbi.inTransaction(work::run) : jdbi.withHandle(work::run);
        } catch (StatementException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": " + databaseMessage(e)
                    + " [statement: " + statement(e.getStatementContext()) + "]", e);
        } catch (JdbiException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": " + databaseMessage(e), e);
        }
    }

    /**
     * Closes the pool, if the store has one: idle connections now, busy ones when their transaction ends.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && pool != null) {
            pool.close();
        }
    }

    /** The first SQL failure's message in {@code e}'s causes (or {@code e}'s own), on one line and cut short. */
    static String databaseMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getMessage() != null) {
                message = s.getMessage();
            }
        }
        if (message == null) {
            message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return cut(message.strip().replaceAll("\\s+", " "), MAX_DATABASE_MESSAGE);
    }

    private static String statement(StatementContext ctx) {
        String sql = ctx == null ? null : ctx.getRawSql();
        return sql == null ? "unknown" : cut(sql.strip().replaceAll("\\s+", " "), MAX_STATEMENT);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }
}
