package dev.perfguard.runbook.builds;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.runbook.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds and their Lighthouse runs in the store. Storing is idempotent and additive: the same
 * build stored twice keeps one copy of each run (runs are keyed by content hash), and runs stored
 * later are added to the ones already there. Each call is one transaction.
 */
public final class BuildStore {
    private static final String SEP = "\u001f";
    private final Store store;

    public BuildStore(Store store) {
        this.store = store;
    }

    /** Stores the build (if new) and its runs (those not stored yet); returns the stored build. */
    public Build store(String id, String branch, Optional<String> commit, List<StoredRun> runs, long nowMs) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO build (id, branch, commit_sha, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, id);
                ps.setString(2, branch);
                ps.setString(3, commit.orElse(null));
                ps.setLong(4, nowMs);
                ps.executeUpdate();
            }
            Build stored = find(c, id).orElseThrow();
            if (!stored.branch().equals(branch)) {
                throw new PerfguardException(ErrorCode.CONFLICT, "build " + id + " is already stored on branch "
                        + stored.branch() + ", not " + branch);
            }
            if (commit.isPresent() && stored.commit().isPresent() && !stored.commit().equals(commit)) {
                throw new PerfguardException(ErrorCode.CONFLICT, "build " + id + " is already stored with commit "
                        + stored.commit().get() + ", not " + commit.get());
            }
            if (commit.isPresent() && stored.commit().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE build SET commit_sha = ? WHERE id = ?")) {
                    ps.setString(1, commit.get());
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
                stored = new Build(id, branch, commit, stored.createdMs());
            }
            insertRuns(c, id, runs);
            return stored;
        });
    }

    private static void insertRuns(Connection c, String buildId, List<StoredRun> runs) throws SQLException {
        try (PreparedStatement run = c.prepareStatement("INSERT INTO lighthouse_run (build_id, run_key, source, url, form_factor,"
                        + " fetch_time, lighthouse_version, benchmark_index, warnings, failure) VALUES (?,?,?,?,?,?,?,?,?,?)"
                        + " ON CONFLICT (build_id, run_key) DO NOTHING");
                PreparedStatement sample = c.prepareStatement(
                        "INSERT INTO lighthouse_sample (build_id, run_key, metric, value) VALUES (?,?,?,?)"
                                + " ON CONFLICT (build_id, run_key, metric) DO NOTHING")) {
            for (StoredRun sr : runs) {
                LighthouseRun r = sr.run();
                run.setString(1, buildId);
                run.setString(2, sr.key());
                run.setString(3, r.source());
                run.setString(4, r.url());
                run.setString(5, r.formFactor());
                run.setString(6, r.fetchTime());
                run.setString(7, r.lighthouseVersion());
                if (Double.isFinite(r.benchmarkIndex())) {
                    run.setDouble(8, r.benchmarkIndex());
                } else {
                    run.setNull(8, Types.DOUBLE);
                }
                run.setString(9, String.join(SEP, r.warnings()));
                run.setString(10, r.failure().orElse(null));
                if (run.executeUpdate() == 0) {
                    continue; // stored before, with its samples
                }
                for (var e : r.values().entrySet()) {
                    if (!Double.isFinite(e.getValue())) {
                        continue;
                    }
                    sample.setString(1, buildId);
                    sample.setString(2, sr.key());
                    sample.setString(3, e.getKey().id());
                    sample.setDouble(4, e.getValue());
                    sample.addBatch();
                }
            }
            sample.executeBatch();
        }
    }

    public Optional<Build> find(String id) {
        return store.inTransaction(c -> find(c, id));
    }

    private static Optional<Build> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, branch, commit_sha, created_ms FROM build WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(build(rs)) : Optional.empty();
            }
        }
    }

    private static Build build(ResultSet rs) throws SQLException {
        return new Build(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getLong(4));
    }

    /**
     * The latest build of {@code branch} other than {@code current}; when {@code current} is on
     * that branch too, the latest stored before it.
     */
    public Optional<Build> latestBefore(String branch, Build current) {
        return store.inTransaction(c -> {
            String sql = "SELECT id, branch, commit_sha, created_ms FROM build WHERE branch = ? AND id <> ?"
                    + (current.branch().equals(branch) ? " AND (created_ms < ? OR (created_ms = ? AND id < ?))" : "")
                    + " ORDER BY created_ms DESC, id DESC LIMIT 1";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, branch);
                ps.setString(2, current.id());
                if (current.branch().equals(branch)) {
                    ps.setLong(3, current.createdMs());
                    ps.setLong(4, current.createdMs());
                    ps.setString(5, current.id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(build(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Builds of a branch in storing order, oldest first, up to and including {@code upTo}. */
    public List<Build> history(String branch, Build upTo, int limit) {
        return store.inTransaction(c -> {
            List<Build> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, branch, commit_sha, created_ms FROM build"
                    + " WHERE branch = ? AND (created_ms < ? OR (created_ms = ? AND id <= ?)) ORDER BY created_ms DESC, id DESC LIMIT ?")) {
                ps.setString(1, branch);
                ps.setLong(2, upTo.createdMs());
                ps.setLong(3, upTo.createdMs());
                ps.setString(4, upTo.id());
                ps.setInt(5, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(build(rs));
                    }
                }
            }
            java.util.Collections.reverse(out);
            return out;
        });
    }

    /** The build's runs in the order they were read (by source name). */
    public List<LighthouseRun> runs(String buildId) {
        return store.inTransaction(c -> runs(c, buildId));
    }

    /** The runs of each of {@code buildIds}, read in one transaction (a branch history, say). */
    public Map<String, List<LighthouseRun>> runsOf(List<String> buildIds) {
        return store.inTransaction(c -> {
            Map<String, List<LighthouseRun>> out = new LinkedHashMap<>();
            for (String id : buildIds) {
                out.put(id, runs(c, id));
            }
            return out;
        });
    }

    private static List<LighthouseRun> runs(Connection c, String buildId) throws SQLException {
        Map<String, Map<LighthouseMetric, Double>> values = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_key, metric, value FROM lighthouse_sample WHERE build_id = ?")) {
            ps.setString(1, buildId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<LighthouseMetric> m = metricById(rs.getString(2));
                    if (m.isPresent()) {
                        values.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(LighthouseMetric.class)).put(m.get(), rs.getDouble(3));
                    }
                }
            }
        }
        List<LighthouseRun> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_key, source, url, form_factor, fetch_time, lighthouse_version,"
                + " benchmark_index, warnings, failure FROM lighthouse_run WHERE build_id = ? ORDER BY source, run_key")) {
            ps.setString(1, buildId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double bi = rs.getDouble(7);
                    if (rs.wasNull()) {
                        bi = Double.NaN;
                    }
                    String w = rs.getString(8);
                    runs.add(new LighthouseRun(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), bi,
                            w.isEmpty() ? List.of() : Arrays.asList(w.split(SEP, -1)),
                            values.getOrDefault(rs.getString(1), Map.of()), Optional.ofNullable(rs.getString(9))));
                }
            }
        }
        return runs;
    }

    private static Optional<LighthouseMetric> metricById(String id) {
        for (LighthouseMetric m : LighthouseMetric.values()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Stored builds, newest first, optionally of one branch. */
    public List<BuildSummary> list(Optional<String> branch, int limit) {
        return store.inTransaction(c -> {
            List<BuildSummary> out = new ArrayList<>();
            String sql = "SELECT b.id, b.branch, b.commit_sha, b.created_ms,"
                    + " (SELECT COUNT(*) FROM lighthouse_run r WHERE r.build_id = b.id),"
                    + " (SELECT COUNT(*) FROM lighthouse_run r WHERE r.build_id = b.id AND r.failure IS NOT NULL)"
                    + " FROM build b" + (branch.isPresent() ? " WHERE b.branch = ?" : "")
                    + " ORDER BY b.created_ms DESC, b.id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (branch.isPresent()) {
                    ps.setString(i++, branch.get());
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BuildSummary(build(rs), rs.getInt(5), rs.getInt(6)));
                    }
                }
            }
            return out;
        });
    }
}
