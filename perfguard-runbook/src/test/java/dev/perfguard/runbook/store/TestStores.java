package dev.perfguard.runbook.store;

import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Stores for tests: a fresh SQLite file, or a fresh schema in the PostgreSQL that
 * {@code scripts/test} starts (its JDBC URL in {@code PERFGUARD_TEST_PG_URL}). When that variable
 * is missing the PostgreSQL cases are skipped — unless {@code PERFGUARD_REQUIRE_POSTGRES=1} (set by
 * {@code scripts/test} and so by CI), where a missing PostgreSQL fails the test instead.
 */
public final class TestStores {
    private TestStores() {}

    public enum Kind { SQLITE, POSTGRES }

    public static Store.Location location(Kind kind, Path tempDir) {
        return switch (kind) {
            case SQLITE -> new Store.Location.Sqlite(tempDir.resolve("perfguard-" + UUID.randomUUID() + ".db"));
            case POSTGRES -> new Store.Location.Postgres(postgresUrl(), "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        };
    }

    public static Store open(Kind kind, Path tempDir) {
        return Store.open(location(kind, tempDir));
    }

    public static String postgresUrl() {
        String url = System.getenv("PERFGUARD_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("PERFGUARD_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("PERFGUARD_REQUIRE_POSTGRES=1 but PERFGUARD_TEST_PG_URL is not set");
            }
            abort("PostgreSQL tests need PERFGUARD_TEST_PG_URL (scripts/test starts one)");
        }
        return url;
    }
}
