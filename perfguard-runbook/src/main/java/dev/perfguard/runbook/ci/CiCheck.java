package dev.perfguard.runbook.ci;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.ci.CiComparison;
import dev.perfguard.core.ci.CiMetric;
import dev.perfguard.core.ci.CiResult;
import dev.perfguard.core.ci.CiStatus;
import dev.perfguard.core.stats.Descriptive;
import dev.perfguard.runbook.builds.CheckPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Stores a CI build's metrics and judges them: each metric against the same series in the baseline build (the
 * named one, or the latest build of the policy's baseline branch) with {@link CiComparison}, and each series over
 * the branch's stored history with the change-point detector of the Lighthouse check: a regression that began
 * fewer than {@code historyAlertBuilds} builds ago and is still in force is reported with its first bad build.
 */
public final class CiCheck {
    /** Builds of history examined at most, and the fewest that make a history worth judging (as the build check). */
    static final int MAX_BUILDS = 500;
    static final int MIN_BUILDS = 10;
    /** The relative change of a median tolerated when the config sets no {@code ingest.tolerance}. */
    public static final double DEFAULT_TOLERANCE = 0.10;

    private final MetricPoints points;
    private final CheckPolicy policy;
    private final CiComparison comparison;
    private final Clock clock;

    public CiCheck(MetricPoints points, CheckPolicy policy, CiComparison comparison, Clock clock) {
        this.points = Objects.requireNonNull(points, "points");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.comparison = Objects.requireNonNull(comparison, "comparison");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public MetricPoints points() {
        return points;
    }

    public CheckPolicy policy() {
        return policy;
    }

    /** What a check found: the stored build, its baseline, one result per metric and the history regressions. */
    public record Outcome(CiBuild build, Optional<CiBuild> baseline, List<CiResult> results, List<CiFinding> findings) {
        public Outcome {
            Objects.requireNonNull(build, "build");
            Objects.requireNonNull(baseline, "baseline");
            results = List.copyOf(results);
            findings = List.copyOf(findings);
        }

        public long count(CiStatus status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        /**
         * A regressed metric or a history finding is a regression; no baseline, an inconclusive metric, or nothing
         * actually compared (every metric new or inconclusive) leaves the build inconclusive; otherwise it passed.
         */
        public Verdict verdict() {
            if (count(CiStatus.REGRESSION) > 0 || !findings.isEmpty()) {
                return Verdict.REGRESSION;
            }
            boolean compared = results.stream().anyMatch(r -> r.status() != CiStatus.NEW && r.status() != CiStatus.INCONCLUSIVE);
            if (baseline.isEmpty() || count(CiStatus.INCONCLUSIVE) > 0 || !compared) {
                return Verdict.INCONCLUSIVE;
            }
            return Verdict.PASS;
        }
    }

    /** What a judged build concluded, as every gate of perfguard concludes. */
    public enum Verdict {
        PASS,
        REGRESSION,
        INCONCLUSIVE
    }

    public Outcome check(String buildId, String branch, Optional<String> commit, Optional<Instant> time,
            Optional<String> baselineId, List<CiMetric> metrics) {
        return check(buildId, branch, commit, time, baselineId, Set.of(), metrics);
    }

    /** Stores the build's metrics (with {@code sources}, the kinds of file they came from) and judges them. */
    public Outcome check(String buildId, String branch, Optional<String> commit, Optional<Instant> time,
            Optional<String> baselineId, Set<String> sources, List<CiMetric> metrics) {
        long now = clock.millis();
        CiBuild build = points.store(new CiBuild(buildId, branch, commit, time.map(Instant::toEpochMilli).orElse(now)), sources,
                metrics, now);
        return outcome(build, baseline(build, baselineId), metrics);
    }

    /**
     * Judges a stored build again, storing nothing: its metrics against the named baseline build, else the latest
     * earlier build of the policy's baseline branch, and over its branch's history, as when it was ingested.
     */
    public Outcome judge(String buildId, Optional<String> baselineId) {
        CiBuild build = stored(buildId, "build");
        return outcome(build, baseline(build, baselineId), List.copyOf(points.points(build.id()).values()));
    }

    /** Two stored builds compared metric by metric, as {@link #judge} with {@code baseId} as the baseline. */
    public Outcome compare(String baseId, String buildId) {
        return judge(buildId, Optional.of(baseId));
    }

    private CiBuild stored(String id, String what) {
        return points.find(id).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                what + " " + id + " is not stored (ingest it first)"));
    }

    private Optional<CiBuild> baseline(CiBuild build, Optional<String> baselineId) {
        if (baselineId.isPresent()) {
            if (baselineId.get().equals(build.id())) {
                throw new PerfguardException(ErrorCode.USAGE, "--baseline " + build.id() + " is the build being checked");
            }
            return Optional.of(stored(baselineId.get(), "baseline build"));
        }
        return points.latest(policy.baselineBranch(), build);
    }

    private Outcome outcome(CiBuild build, Optional<CiBuild> baseline, List<CiMetric> metrics) {
        Map<String, CiMetric> base = baseline.map(b -> points.points(b.id())).orElse(Map.of());
        List<CiResult> results = new ArrayList<>();
        for (CiMetric m : metrics) {
            results.add(baseline.isEmpty()
                    ? new CiResult(m, Double.NaN, Descriptive.median(m.values()), 0, java.util.OptionalDouble.empty(),
                            CiStatus.INCONCLUSIVE, "no baseline build")
                    : comparison.judge(Optional.ofNullable(base.get(m.series())), m));
        }
        return new Outcome(build, baseline, results, findings(build, metrics));
    }

    /** One series over the branch of {@code upTo} up to it, with its change points; empty when no build has it. */
    public Optional<CiHistory> history(CiBuild upTo, String series) {
        var history = points.history(upTo, MAX_BUILDS);
        CiMetric newest = null;
        for (Map<String, CiMetric> p : history.values()) {
            newest = p.getOrDefault(series, newest);
        }
        return newest == null ? Optional.empty() : Optional.of(history(new ArrayList<>(history.keySet()), history, newest));
    }

    private CiHistory history(List<CiBuild> builds, Map<CiBuild, Map<String, CiMetric>> history, CiMetric m) {
        double[] series = new double[builds.size()];
        for (int i = 0; i < builds.size(); i++) {
            CiMetric p = history.get(builds.get(i)).get(m.series());
            series[i] = p == null ? Double.NaN : Descriptive.median(p.values());
        }
        List<ChangePoint> cps = builds.size() < MIN_BUILDS ? List.of()
                : policy.detector().detect(series, m.direction(), policy.historyMinEffect());
        return new CiHistory(m, builds, series, cps);
    }

    private List<CiFinding> findings(CiBuild build, List<CiMetric> metrics) {
        var history = points.history(build, MAX_BUILDS);
        if (history.size() < MIN_BUILDS) {
            return List.of();
        }
        List<CiBuild> builds = new ArrayList<>(history.keySet());
        List<CiFinding> out = new ArrayList<>();
        for (CiMetric m : metrics) {
            CiHistory h = history(builds, history, m);
            finding(h).ifPresent(out::add);
        }
        return out;
    }

    /** The history's regression still in force: its latest change point, when a regression fewer than the policy's builds ago. */
    private Optional<CiFinding> finding(CiHistory h) {
        List<ChangePoint> cps = h.changePoints();
        if (cps.isEmpty()) {
            return Optional.empty();
        }
        List<CiBuild> builds = h.builds();
        ChangePoint last = cps.getLast();
        int since = builds.size() - 1 - last.index();
        if (last.kind() != ChangePoint.Kind.REGRESSION || since >= policy.historyAlertBuilds()) {
            return Optional.empty();
        }
        CiBuild bad = builds.get(last.index());
        CiBuild good = builds.get(previousPresent(h.medians(), last.index()));
        return Optional.of(new CiFinding(h.metric(), bad.id(), good.id(), bad.commit(), good.commit(), since, builds.size(), last));
    }

    private static int previousPresent(double[] series, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (!Double.isNaN(series[i])) {
                return i;
            }
        }
        return Math.max(0, index - 1);
    }
}
