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

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": " + e.getMessage(), e);
        }
    }
}
