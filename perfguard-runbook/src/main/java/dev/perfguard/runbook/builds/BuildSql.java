package dev.perfguard.runbook.builds;

import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL of the {@code build}, {@code lighthouse_run} and {@code lighthouse_sample} tables
 * ({@code V1__builds.sql}), and the rows it reads. Every method runs on the caller's handle, in the
 * caller's transaction.
 */
final class BuildSql {
    private BuildSql() {}

    /** Joins a run's warnings in one column (a control character no warning contains). */
    private static final String SEP = "\u001f";

    private static final String INSERT_BUILD = """
            INSERT INTO build (id, branch, commit_sha, created_ms)
            VALUES (:id, :branch, :commit, :createdMs)
            ON CONFLICT (id) DO NOTHING""";

    private static final String SET_COMMIT = """
            UPDATE build SET commit_sha = :commit WHERE id = :id""";

    private static final String FIND = """
            SELECT id, branch, commit_sha, created_ms
              FROM build
             WHERE id = :id""";

    /** A build with a run Lighthouse did not fail: only such a build can be a baseline. */
    private static final String HAS_USABLE_RUN = """
            EXISTS (SELECT 1 FROM lighthouse_run r WHERE r.build_id = build.id AND r.failure IS NULL)""";

    /** The latest build of a branch with a usable run, other than one build (of another branch). */
    private static final String LATEST_OTHER = """
            SELECT id, branch, commit_sha, created_ms
              FROM build
             WHERE branch = :branch AND id <> :id
               AND %s
             ORDER BY created_ms DESC, id DESC
             LIMIT 1""".formatted(HAS_USABLE_RUN);

    /** The latest build of a branch with a usable run, stored before one build of that branch. */
    private static final String LATEST_BEFORE = """
            SELECT id, branch, commit_sha, created_ms
              FROM build
             WHERE branch = :branch AND id <> :id
               AND (created_ms < :createdMs OR (created_ms = :createdMs AND id < :id))
               AND %s
             ORDER BY created_ms DESC, id DESC
             LIMIT 1""".formatted(HAS_USABLE_RUN);

    private static final String USABLE_RUNS = """
            SELECT COUNT(*) FROM lighthouse_run WHERE build_id = :buildId AND failure IS NULL""";

    /** A branch's builds up to and including one, newest first. */
    private static final String HISTORY = """
            SELECT id, branch, commit_sha, created_ms
              FROM build
             WHERE branch = :branch AND (created_ms < :createdMs OR (created_ms = :createdMs AND id <= :id))
             ORDER BY created_ms DESC, id DESC
             LIMIT :limit""";

    /** Builds with their run counts; {@link #LIST} and {@link #LIST_OF_BRANCH} add the filter and order. */
    private static final String SUMMARY_COLUMNS = """
            SELECT b.id, b.branch, b.commit_sha, b.created_ms,
                   (SELECT COUNT(*) FROM lighthouse_run r WHERE r.build_id = b.id) AS runs,
                   (SELECT COUNT(*) FROM lighthouse_run r WHERE r.build_id = b.id AND r.failure IS NOT NULL) AS failed_runs
              FROM build b
            """;

    private static final String LIST = SUMMARY_COLUMNS + """
             ORDER BY b.created_ms DESC, b.id DESC
             LIMIT :limit""";

    private static final String LIST_OF_BRANCH = SUMMARY_COLUMNS + """
             WHERE b.branch = :branch
             ORDER BY b.created_ms DESC, b.id DESC
             LIMIT :limit""";

    /** At most :limit branch names with stored builds, in name order. */
    private static final String BRANCHES = "SELECT DISTINCT branch FROM build ORDER BY branch LIMIT :limit";

    private static final String INSERT_RUN = """
            INSERT INTO lighthouse_run (build_id, run_key, source, url, form_factor, fetch_time, lighthouse_version,
                                        benchmark_index, warnings, failure)
            VALUES (:buildId, :runKey, :source, :url, :formFactor, :fetchTime, :lighthouseVersion,
                    :benchmarkIndex, :warnings, :failure)
            ON CONFLICT (build_id, run_key) DO NOTHING""";

    private static final String RUNS = """
            SELECT run_key, source, url, form_factor, fetch_time, lighthouse_version, benchmark_index, warnings, failure
              FROM lighthouse_run
             WHERE build_id = :buildId
             ORDER BY source, run_key""";

    private static final String INSERT_SAMPLE = """
            INSERT INTO lighthouse_sample (build_id, run_key, metric, value)
            VALUES (:buildId, :runKey, :metric, :value)
            ON CONFLICT (build_id, run_key, metric) DO NOTHING""";

    private static final String SAMPLES = """
            SELECT run_key, metric, value FROM lighthouse_sample WHERE build_id = :buildId""";

    /** A {@code build} row; {@code commitSha} empty when CI named no commit. */
    record BuildRow(String id, String branch, Optional<String> commitSha, long createdMs) {
        Build build() {
            return new Build(id, branch, commitSha, createdMs);
        }
    }

    /** A {@code build} row with its run counts. */
    record SummaryRow(String id, String branch, Optional<String> commitSha, long createdMs, int runs, int failedRuns) {
        BuildSummary summary() {
            return new BuildSummary(new Build(id, branch, commitSha, createdMs), runs, failedRuns);
        }
    }

    /** A {@code lighthouse_run} row; {@code warnings} joined by {@link #SEP}. */
    record RunRow(String runKey, String source, String url, String formFactor, String fetchTime, String lighthouseVersion,
            OptionalDouble benchmarkIndex, String warnings, Optional<String> failure) {
        LighthouseRun run(Map<LighthouseMetric, Double> values) {
            return new LighthouseRun(source, url, formFactor, fetchTime, lighthouseVersion, benchmarkIndex.orElse(Double.NaN),
                    warnings.isEmpty() ? List.of() : Arrays.asList(warnings.split(SEP, -1)), values, failure);
        }
    }

    /** A {@code lighthouse_sample} row. */
    record SampleRow(String runKey, String metric, double value) {}

    private static final RowMapper<BuildRow> BUILD = ConstructorMapper.of(BuildRow.class);
    private static final RowMapper<SummaryRow> SUMMARY = ConstructorMapper.of(SummaryRow.class);
    private static final RowMapper<RunRow> RUN = ConstructorMapper.of(RunRow.class);
    private static final RowMapper<SampleRow> SAMPLE = (rs, ctx) -> new SampleRow(rs.getString("run_key"), rs.getString("metric"),
            rs.getDouble("value"));

    /** Inserts the build unless a build with its id is stored. */
    static void insertIfAbsent(Handle h, String id, String branch, Optional<String> commit, long createdMs) {
        h.createUpdate(INSERT_BUILD)
                .bind("id", id)
                .bind("branch", branch)
                .bind("commit", commit.orElse(null))
                .bind("createdMs", createdMs)
                .execute();
    }

    static void setCommit(Handle h, String id, String commit) {
        h.createUpdate(SET_COMMIT).bind("commit", commit).bind("id", id).execute();
    }

    static Optional<Build> find(Handle h, String id) {
        return h.createQuery(FIND).bind("id", id).map(BUILD).map(BuildRow::build).findOne();
    }

    /** How many of the build's stored runs Lighthouse did not fail. */
    static long usableRuns(Handle h, String buildId) {
        return h.createQuery(USABLE_RUNS).bind("buildId", buildId).mapTo(Long.class).one();
    }

    /**
     * The latest build of {@code branch} with a usable run, other than {@code current}; stored before it when it
     * is on that branch.
     */
    static Optional<Build> latestBefore(Handle h, String branch, Build current) {
        boolean sameBranch = current.branch().equals(branch);
        var query = h.createQuery(sameBranch ? LATEST_BEFORE : LATEST_OTHER)
                .bind("branch", branch)
                .bind("id", current.id());
        if (sameBranch) {
            query.bind("createdMs", current.createdMs());
        }
        return query.map(BUILD).map(BuildRow::build).findOne();
    }

    /** Up to {@code limit} builds of {@code branch} up to and including {@code upTo}, newest first. */
    static List<Build> newestUpTo(Handle h, String branch, Build upTo, int limit) {
        return h.createQuery(HISTORY)
                .bind("branch", branch)
                .bind("createdMs", upTo.createdMs())
                .bind("id", upTo.id())
                .bind("limit", limit)
                .map(BUILD)
                .map(BuildRow::build)
                .list();
    }

    static List<BuildSummary> list(Handle h, Optional<String> branch, int limit) {
        var query = h.createQuery(branch.isPresent() ? LIST_OF_BRANCH : LIST).bind("limit", limit);
        branch.ifPresent(b -> query.bind("branch", b));
        return query.map(SUMMARY).map(SummaryRow::summary).list();
    }

    static List<String> branches(Handle h, int limit) {
        return h.createQuery(BRANCHES).bind("limit", limit).mapTo(String.class).list();
    }

    /** Inserts the runs not stored yet, each with its finite samples; a run stored before keeps its samples. */
    static void insertRuns(Handle h, String buildId, List<StoredRun> runs) {
        PreparedBatch samples = h.prepareBatch(INSERT_SAMPLE);
        for (StoredRun sr : runs) {
            LighthouseRun r = sr.run();
            int inserted = h.createUpdate(INSERT_RUN)
                    .bind("buildId", buildId)
                    .bind("runKey", sr.key())
                    .bind("source", r.source())
                    .bind("url", r.url())
                    .bind("formFactor", r.formFactor())
                    .bind("fetchTime", r.fetchTime())
                    .bind("lighthouseVersion", r.lighthouseVersion())
                    .bind("benchmarkIndex", Double.isFinite(r.benchmarkIndex()) ? Double.valueOf(r.benchmarkIndex()) : null)
                    .bind("warnings", String.join(SEP, r.warnings()))
                    .bind("failure", r.failure().orElse(null))
                    .execute();
            if (inserted == 0) {
                continue; // stored before, with its samples
            }
            for (var e : r.values().entrySet()) {
                if (Double.isFinite(e.getValue())) {
                    samples.bind("buildId", buildId)
                            .bind("runKey", sr.key())
                            .bind("metric", e.getKey().id())
                            .bind("value", e.getValue().doubleValue())
                            .add();
                }
            }
        }
        if (samples.size() > 0) {
            samples.execute();
        }
    }

    /** The build's runs ordered by source, each with its samples of known metrics. */
    static List<LighthouseRun> runs(Handle h, String buildId) {
        Map<String, Map<LighthouseMetric, Double>> values = new LinkedHashMap<>();
        for (SampleRow s : h.createQuery(SAMPLES).bind("buildId", buildId).map(SAMPLE).list()) {
            metricById(s.metric()).ifPresent(m ->
                    values.computeIfAbsent(s.runKey(), k -> new EnumMap<>(LighthouseMetric.class)).put(m, s.value()));
        }
        List<LighthouseRun> out = new ArrayList<>();
        for (RunRow r : h.createQuery(RUNS).bind("buildId", buildId).map(RUN).list()) {
            out.add(r.run(values.getOrDefault(r.runKey(), Map.of())));
        }
        return out;
    }

    private static Optional<LighthouseMetric> metricById(String id) {
        for (LighthouseMetric m : LighthouseMetric.values()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
