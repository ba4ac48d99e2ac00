package dev.perfguard.runbook.store;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * perfguard's store: one SQLite file (WAL mode) by default, or PostgreSQL for teams. One schema,
 * migrated by Flyway at open. Work happens in {@link #inTransaction} units: all or nothing.
 */
public final class Store {
    /** Which database and where. */
    public sealed interface Location {
        record Sqlite(Path file) implements Location {
            public Sqlite {
                Objects.requireNonNull(file, "file");
            }
        }

        /** @param schema a schema to create and use (tests isolate themselves with one), or null */
        record Postgres(String jdbcUrl, String schema) implements Location {
            public Postgres {
                Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            }
        }
    }

    public enum Dialect { SQLITE, POSTGRES }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String description;

    private Store(DataSource dataSource, Dialect dialect, String description) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
    }

    public static Store open(Location location) {
        Store store = switch (location) {
            case Location.Sqlite s -> sqlite(s.file());
            case Location.Postgres p -> postgres(p.jdbcUrl(), p.schema());
        };
        store.migrate(location instanceof Location.Postgres p ? p.schema() : null);
        return store;
    }

    private static Store sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new PerfguardException(ErrorCode.STORE, file + ": cannot create its folder: " + e.getMessage(), e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(60_000);
        cfg.enforceForeignKeys(true);
        // BEGIN IMMEDIATE: a writer takes the lock at the start, so two writers queue on the busy
        // timeout instead of failing when a read lock would have to be upgraded.
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return new Store(ds, Dialect.SQLITE, "SQLite " + file);
    }

    private static Store postgres(String jdbcUrl, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        String shown = jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        return new Store(ds, Dialect.POSTGRES, "PostgreSQL " + shown + (schema == null ? "" : " schema " + schema));
    }

    private void migrate(String schema) {
        try {
            var cfg = Flyway.configure(Store.class.getClassLoader())
                    .dataSource(dataSource)
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

    public String description() {
        return description;
    }

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
     * With {@link #reuseConnections} on, a connection goes back to a small idle list after a
     * commit, or a rollback caused by a non-SQL exception; after any SQL failure it is closed, so a
     * broken connection is never handed out again.
     */
    public <T> T inTransaction(Work<T> work) {
        Connection c;
        try {
            c = borrow();
        } catch (SQLException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": " + e.getMessage(), e);
        }
        boolean reusable = false;
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            reusable = true;
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new PerfguardException(ErrorCode.STORE, description + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            reusable = rollbackQuietly(c, e);
            throw e;
        } finally {
            giveBack(c, reusable);
        }
    }

    private final java.util.concurrent.BlockingDeque<Connection> idle = new java.util.concurrent.LinkedBlockingDeque<>();
    private volatile int maxIdle;

    /**
     * Keeps up to {@code maxIdle} connections open between transactions (0, the default: a new
     * connection per transaction). Long-running processes (the server) turn it on: opening a
     * connection per transaction costs a PostgreSQL backend start each time (docs/benchmarks.md,
     * "Server"); short commands and tests leave it off so they hold no connections.
     */
    public Store reuseConnections(int maxIdle) {
        if (maxIdle < 0 || maxIdle > 1000) {
            throw PerfguardException.badInput("idle connections must be between 0 and 1000, was " + maxIdle);
        }
        this.maxIdle = maxIdle;
        return this;
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.pollFirst();
        return c != null ? c : dataSource.getConnection();
    }

    private void giveBack(Connection c, boolean reusable) {
        if (reusable && idle.size() < maxIdle) {
            try {
                // back to auto-commit: sqlite-jdbc otherwise begins the next (IMMEDIATE) transaction
                // right after a commit, and an idle connection would hold the write lock
                c.setAutoCommit(true);
                if (idle.offerFirst(c)) {
                    return;
                }
            } catch (SQLException e) {
                // not reusable after all
            }
        }
        try {
            c.close();
        } catch (SQLException e) {
            // already broken; nothing more to do
        }
    }

    /** Rolls back; true when that worked (the connection is clean again). */
    private static boolean rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
            return true;
        } catch (SQLException r) {
            cause.addSuppressed(r);
            return false;
        }
    }
}
