package dev.perfguard.app.config;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.runbook.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db} / {@code --jdbc}: which store to use; the config's {@code store} section otherwise. */
public final class StoreOptions {
    /** The embedded store's file when nothing else is configured. */
    public static final Path DEFAULT_DB = Path.of(".perfguard", "perfguard.db");

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite store file (default: .perfguard/perfguard.db, or store.db in the config)")
    Path db;

    @Option(names = "--jdbc", paramLabel = "URL", description = "PostgreSQL JDBC URL (wins over --db; or store.jdbc_url in the config)")
    String jdbc;

    public Store.Location location(PerfguardConfig config) {
        if (jdbc != null) {
            return new Store.Location.Postgres(jdbc, null);
        }
        // a configured file's missing folder is not created (see docs/configuration.md), the default's is
        if (db != null) {
            return new Store.Location.Sqlite(db, false);
        }
        if (config.store().jdbcUrl() != null) {
            return new Store.Location.Postgres(config.store().jdbcUrl(), null);
        }
        if (config.store().db() != null) {
            return new Store.Location.Sqlite(Path.of(config.store().db()), false);
        }
        return new Store.Location.Sqlite(DEFAULT_DB, true);
    }
}
