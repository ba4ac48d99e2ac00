package dev.perfguard.runbook.ci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.Direction;
import dev.perfguard.core.ci.CiMetric;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The SQL of the {@code ci_build} and {@code metric_point} tables; every method runs on the caller's handle. */
final class MetricPointSql {
    private MetricPointSql() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String INSERT_BUILD = """
            INSERT INTO ci_build (id, branch, commit_sha, time_ms, stored_ms)
            VALUES (:id, :branch, :commit, :timeMs, :storedMs)
            ON CONFLICT (id) DO NOTHING""";

    private static final String SET_COMMIT = "UPDATE ci_build SET commit_sha = :commit WHERE id = :id";

    private static final String FIND = "SELECT id, branch, commit_sha, time_ms FROM ci_build WHERE id = :id";

    /** The latest build of a branch other than one; with the time bounds, the latest before it. */
    private static final String LATEST = """
            SELECT id, branch, commit_sha, time_ms
              FROM ci_build
             WHERE branch = :branch AND id <> :id
               AND EXISTS (SELECT 1 FROM metric_point p WHERE p.build_id = ci_build.id)
               %s
             ORDER BY time_ms DESC, id DESC
             LIMIT 1""";

    private static final String BEFORE = "AND (time_ms < :timeMs OR (time_ms = :timeMs AND id < :id))";

    private static final String HISTORY = """
            SELECT id, branch, commit_sha, time_ms
              FROM ci_build
             WHERE branch = :branch AND (time_ms < :timeMs OR (time_ms = :timeMs AND id <= :id))
             ORDER BY time_ms DESC, id DESC
             LIMIT :limit""";

    private static final String INSERT_POINT = """
            INSERT INTO metric_point (build_id, series, metric, labels, unit, direction, kind, samples)
            VALUES (:buildId, :series, :metric, :labels, :unit, :direction, :kind, :samples)
            ON CONFLICT (build_id, series) DO NOTHING""";

    private static final String POINTS = """
            SELECT series, metric, labels, unit, direction, kind, samples FROM metric_point WHERE build_id = :buildId""";

    private static final String SOURCES = "SELECT sources FROM ci_build WHERE id = :id";

    private static final String SET_SOURCES = "UPDATE ci_build SET sources = :sources WHERE id = :id";

    private static final String NEWEST = """
            SELECT id, branch, commit_sha, time_ms
              FROM ci_build
             WHERE branch = :branch AND EXISTS (SELECT 1 FROM metric_point p WHERE p.build_id = ci_build.id)
             ORDER BY time_ms DESC, id DESC
             LIMIT 1""";

    private static final String LIST = """
            SELECT id, branch, commit_sha, time_ms, sources,
                   (SELECT COUNT(*) FROM metric_point p WHERE p.build_id = ci_build.id) AS metrics
              FROM ci_build
             %s
             ORDER BY time_ms DESC, id DESC
             LIMIT :limit""";

    private static final String BRANCHES = "SELECT DISTINCT branch FROM ci_build ORDER BY branch LIMIT :limit";

    private static final String SERIES = """
            SELECT b.branch, p.series, MAX(p.unit) AS unit, COUNT(*) AS builds, MAX(b.time_ms) AS latest
              FROM metric_point p JOIN ci_build b ON b.id = p.build_id
             GROUP BY b.branch, p.series
             ORDER BY b.branch, p.series
             LIMIT :limit""";

    private static final RowMapper<CiBuild> BUILD = (rs, ctx) -> new CiBuild(rs.getString("id"), rs.getString("branch"),
            Optional.ofNullable(rs.getString("commit_sha")), rs.getLong("time_ms"));

    private static final RowMapper<CiMetric> POINT = (rs, ctx) -> new CiMetric(rs.getString("metric"),
            read(rs.getString("labels"), new TypeReference<Map<String, String>>() {}), rs.getString("unit"),
            rs.getString("direction").equals("lower") ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER,
            read(rs.getString("samples"), new TypeReference<List<Double>>() {}), rs.getString("kind").equals("samples"));

    static void insertBuild(Handle h, CiBuild b, long storedMs) {
        h.createUpdate(INSERT_BUILD).bind("id", b.id()).bind("branch", b.branch()).bind("commit", b.commit().orElse(null))
                .bind("timeMs", b.timeMs()).bind("storedMs", storedMs).execute();
    }

    static void setCommit(Handle h, String id, String commit) {
        h.createUpdate(SET_COMMIT).bind("commit", commit).bind("id", id).execute();
    }

    /** Adds {@code kinds} to the build's stored source kinds (kept sorted, comma-separated). */
    static void addSources(Handle h, String id, Collection<String> kinds) {
        TreeSet<String> all = new TreeSet<>(sources(h.createQuery(SOURCES).bind("id", id).mapTo(String.class)
                .findOne().orElse(null)));
        if (all.addAll(kinds)) {
            h.createUpdate(SET_SOURCES).bind("sources", String.join(",", all)).bind("id", id).execute();
        }
    }

    private static List<String> sources(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    static Optional<CiBuild> newest(Handle h, String branch) {
        return h.createQuery(NEWEST).bind("branch", branch).map(BUILD).findOne();
    }

    static List<CiBuildSummary> list(Handle h, Optional<String> branch, int limit) {
        var q = h.createQuery(LIST.formatted(branch.isPresent() ? "WHERE branch = :branch" : "")).bind("limit", limit);
        branch.ifPresent(b -> q.bind("branch", b));
        return q.map((rs, ctx) -> new CiBuildSummary(BUILD.map(rs, ctx), rs.getInt("metrics"), sources(rs.getString("sources"))))
                .list();
    }

    static List<String> branches(Handle h, int limit) {
        return h.createQuery(BRANCHES).bind("limit", limit).mapTo(String.class).list();
    }

    static List<CiSeries> series(Handle h, int limit) {
        return h.createQuery(SERIES).bind("limit", limit).map((rs, ctx) -> new CiSeries(rs.getString("branch"), rs.getString("series"),
                rs.getString("unit"), rs.getInt("builds"), rs.getLong("latest"))).list();
    }

    static Optional<CiBuild> find(Handle h, String id) {
        return h.createQuery(FIND).bind("id", id).map(BUILD).findOne();
    }

    static Optional<CiBuild> latest(Handle h, String branch, CiBuild current) {
        boolean same = current.branch().equals(branch);
        var q = h.createQuery(LATEST.formatted(same ? BEFORE : "")).bind("branch", branch).bind("id", current.id());
        if (same) {
            q.bind("timeMs", current.timeMs());
        }
        return q.map(BUILD).findOne();
    }

    static List<CiBuild> newestUpTo(Handle h, CiBuild upTo, int limit) {
        return h.createQuery(HISTORY).bind("branch", upTo.branch()).bind("timeMs", upTo.timeMs()).bind("id", upTo.id())
                .bind("limit", limit).map(BUILD).list();
    }

    static void insertPoint(Handle h, String buildId, CiMetric m) {
        h.createUpdate(INSERT_POINT).bind("buildId", buildId).bind("series", m.series()).bind("metric", m.name())
                .bind("labels", write(m.labels())).bind("unit", m.unit())
                .bind("direction", m.direction() == Direction.LOWER_IS_BETTER ? "lower" : "higher")
                .bind("kind", m.repeated() ? "samples" : "value").bind("samples", write(m.samples())).execute();
    }

    static Map<String, CiMetric> points(Handle h, String buildId) {
        Map<String, CiMetric> out = new LinkedHashMap<>();
        h.createQuery(POINTS).bind("buildId", buildId).map(POINT).forEach(m -> out.put(m.series(), m));
        return out;
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored metric point is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
