package dev.perfguard.runbook.builds;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement behind {@code perfguard check} and the demo: stores a build's runs, picks its
 * baseline build, compares the two, and looks over the branch's stored history for a regression still
 * in force. A regression found in the history fails the check even when the newest build alone looks
 * like its baseline.
 */
public final class BuildCheck {

    /**
     * What a check found.
     *
     * @param build the stored build
     * @param baseline its baseline build; empty when no build with a usable run is stored yet (the build becomes
     *     the first baseline when it has a usable run)
     * @param storedRuns the build's runs in the store now, earlier ones included
     * @param givenRuns the runs given to this check
     * @param usableRuns the stored runs Lighthouse did not fail
     * @param historyAlerts regressions in the branch history that began less than
     *     {@link CheckPolicy#historyAlertBuilds} builds ago
     * @param report the comparison with the baseline (an empty inconclusive one without a baseline)
     */
    public record Outcome(Build build, Optional<Build> baseline, int storedRuns, int givenRuns, long usableRuns,
            List<HistoryFinding> historyAlerts, ComparisonReport report) {
        public Outcome {
            Objects.requireNonNull(build, "build");
            Objects.requireNonNull(baseline, "baseline");
            historyAlerts = List.copyOf(historyAlerts);
            Objects.requireNonNull(report, "report");
        }

        /** When the evidence begins: the baseline build's creation, else a day before {@code now}. */
        public Instant evidenceFrom(Instant now) {
            return baseline.map(b -> Instant.ofEpochMilli(b.createdMs())).orElse(now.minus(Duration.ofDays(1)));
        }
    }

    private final BuildStore builds;
    private final CheckPolicy policy;
    private final LighthouseComparison comparison;
    private final Clock clock;

    public BuildCheck(BuildStore builds, CheckPolicy policy, Clock clock) {
        this.builds = Objects.requireNonNull(builds, "builds");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.comparison = new LighthouseComparison(policy.comparison());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CheckPolicy policy() {
        return policy;
    }

    /**
     * Stores {@code runs} as build {@code buildId} and judges it.
     *
     * @param baselineId the baseline build, or empty for the latest build of {@link CheckPolicy#baselineBranch}
     *     with a usable run stored before this one; a named build must be stored already ({@code NOT_FOUND}),
     *     cannot be the build itself ({@code USAGE}) and must have a usable run ({@code BAD_INPUT}), and each
     *     is refused before anything is stored
     * @param runs at least one run ({@code BAD_INPUT} otherwise, nothing stored): a build of no runs
     *     would pass for a build that was checked
     */
    public Outcome check(String buildId, String branch, Optional<String> commit, Optional<String> baselineId,
            List<StoredRun> runs) {
        if (runs.isEmpty()) {
            throw PerfguardException.badInput("build " + buildId + ": no Lighthouse runs given; nothing stored");
        }
        Optional<Build> baseline = Optional.empty();
        if (baselineId.isPresent()) {
            if (baselineId.get().equals(buildId)) {
                throw new PerfguardException(ErrorCode.USAGE, "a build cannot be its own baseline: " + buildId);
            }
            baseline = builds.find(baselineId.get());
            if (baseline.isEmpty()) {
                throw new PerfguardException(ErrorCode.NOT_FOUND, "baseline build " + baselineId.get()
                        + " is not stored (see 'perfguard builds list')");
            }
            if (builds.usableRuns(baselineId.get()) == 0) {
                throw PerfguardException.badInput("baseline build " + baselineId.get()
                        + " has no usable run to compare with (none stored, or Lighthouse failed every one)");
            }
        }
        Build build = builds.store(buildId, branch, commit, runs, clock.millis());
        if (baselineId.isEmpty()) {
            baseline = builds.latestBefore(policy.baselineBranch(), build);
        }
        List<LighthouseRun> current = builds.runs(build.id());
        long usable = current.stream().filter(LighthouseRun::usable).count();
        List<HistoryFinding> alerts = alerts(history().ongoing(build));
        ComparisonReport report = baseline.isEmpty()
                ? new ComparisonReport(ComparisonVerdict.INCONCLUSIVE, List.of(), List.of(), List.of())
                : judged(comparison.compare(builds.runs(baseline.get().id()), current), alerts, build);
        return new Outcome(build, baseline, current.size(), runs.size(), usable, alerts, report);
    }

    /**
     * Two stored builds compared as {@link #check} compares a build with its baseline, without storing anything:
     * the same comparison, and the same history alerts of {@code buildId}'s branch turning the verdict to a
     * regression.
     *
     * @throws PerfguardException {@code NOT_FOUND} when either build is not stored, {@code USAGE} when they are the same
     */
    public Comparison compare(String baseId, String buildId) {
        if (baseId.equals(buildId)) {
            throw new PerfguardException(ErrorCode.USAGE, "a build cannot be compared with itself: " + buildId);
        }
        Build base = stored(baseId);
        Build build = stored(buildId);
        Map<String, List<LighthouseRun>> runs = builds.runsOf(List.of(base.id(), build.id()));
        List<MetricHistory> history = history().series(build, s -> true);
        List<HistoryFinding> alerts = alerts(history.stream().flatMap(h -> h.finding().stream()).toList());
        ComparisonReport report = judged(comparison.compare(runs.get(base.id()), runs.get(build.id())), alerts, build);
        return new Comparison(base, build, report, alerts, history);
    }

    /** What {@link #compare} found: the comparison and each metric's history over the build's branch. */
    public record Comparison(Build base, Build build, ComparisonReport report, List<HistoryFinding> historyAlerts,
            List<MetricHistory> history) {
        public Comparison {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(build, "build");
            Objects.requireNonNull(report, "report");
            historyAlerts = List.copyOf(historyAlerts);
            history = List.copyOf(history);
        }
    }

    /**
     * One metric of one group of build {@code buildId} over its branch's stored builds up to it, with the change
     * points the history check finds there; empty when the build has no usable run of that URL and form factor.
     *
     * @throws PerfguardException {@code NOT_FOUND} when the build is not stored
     */
    public Optional<MetricHistory> history(String buildId, String url, String formFactor, LighthouseMetric metric) {
        Build build = stored(buildId);
        String normalized = policy.comparison().urls().normalize(url);
        return history().series(build, s -> s.metric() == metric && s.formFactor().equals(formFactor)
                && s.normalizedUrl().equals(normalized)).stream().findFirst();
    }

    /** Every metric of every group of build {@code buildId} over its branch, as {@link #history(String, String, String, LighthouseMetric)}. */
    public List<MetricHistory> history(String buildId) {
        return history().series(stored(buildId), s -> true);
    }

    private Build stored(String id) {
        return builds.find(id).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "build " + id
                + " is not stored (see 'perfguard builds list')"));
    }

    private BuildHistory history() {
        return new BuildHistory(builds, policy.detector(), policy.comparison().urls(), policy.historyMinEffect());
    }

    private List<HistoryFinding> alerts(List<HistoryFinding> findings) {
        return findings.stream()
                .filter(HistoryFinding::regression)
                .filter(f -> f.buildsSince() < policy.historyAlertBuilds())
                .toList();
    }

    /** A regression still in force in the branch history fails the build even when its baseline comparison passes. */
    private static ComparisonReport judged(ComparisonReport report, List<HistoryFinding> alerts, Build build) {
        if (alerts.isEmpty() || report.verdict() == ComparisonVerdict.REGRESSION) {
            return report;
        }
        List<String> notes = new ArrayList<>(report.notes());
        notes.add("the history of branch " + build.branch() + " shows a regression still in force (see findings)");
        return new ComparisonReport(ComparisonVerdict.REGRESSION, report.groups(), report.failedRuns(), notes);
    }
}
