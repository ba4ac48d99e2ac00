package dev.perfguard.runbook.builds;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        List<HistoryFinding> alerts = new BuildHistory(builds, policy.detector(), policy.comparison().urls(),
                policy.historyMinEffect()).ongoing(build).stream()
                .filter(HistoryFinding::regression)
                .filter(f -> f.buildsSince() < policy.historyAlertBuilds())
                .toList();
        ComparisonReport report = baseline.isEmpty()
                ? new ComparisonReport(ComparisonVerdict.INCONCLUSIVE, List.of(), List.of(), List.of())
                : comparison.compare(builds.runs(baseline.get().id()), current);
        if (!alerts.isEmpty() && report.verdict() != ComparisonVerdict.REGRESSION) {
            List<String> notes = new ArrayList<>(report.notes());
            notes.add("the history of branch " + build.branch() + " shows a regression still in force (see findings)");
            report = new ComparisonReport(ComparisonVerdict.REGRESSION, report.groups(), report.failedRuns(), notes);
        }
        return new Outcome(build, baseline, current.size(), runs.size(), usable, alerts, report);
    }
}
