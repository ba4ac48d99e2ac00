package dev.perfguard.app.lighthouse;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.runbook.builds.Build;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.StoredRun;
import java.time.Clock;
import dev.perfguard.core.changepoint.ChangePointDetector;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

/**
 * Stores a build's runs, picks its baseline and compares: the work behind {@code perfguard check}
 * and the demo.
 */
final class BuildCheck {
    /** What a check found: the stored build, its baseline (if any) and the comparison. */
    record Outcome(Build build, Optional<Build> baseline, ComparisonReport report, Header header) {}

    private final BuildStore builds;
    private final PerfguardConfig config;
    private final Clock clock;

    BuildCheck(BuildStore builds, PerfguardConfig config, Clock clock) {
        this.builds = builds;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param baselineId a build id, or {@code auto} for the latest build of the baseline branch
     */
    Outcome check(String buildId, String branch, Optional<String> commit, String baselineId, List<StoredRun> runs) {
        Optional<Build> baseline = Optional.empty();
        if (!baselineId.equals("auto")) { // refuse before storing anything
            if (baselineId.equals(buildId)) {
                throw new PerfguardException(ErrorCode.USAGE, "a build cannot be its own baseline: " + buildId);
            }
            baseline = builds.find(baselineId);
            if (baseline.isEmpty()) {
                throw new PerfguardException(ErrorCode.NOT_FOUND, "baseline build " + baselineId + " is not stored (see 'perfguard builds list')");
            }
        }
        Build build = builds.store(buildId, branch, commit, runs, clock.millis());
        if (baselineId.equals("auto")) {
            baseline = builds.latestBefore(config.lighthouse().baselineBranch(), build);
        }
        List<LighthouseRun> current = builds.runs(build.id());
        List<String> lines = new ArrayList<>();
        lines.add("stored build " + build.id() + " (branch " + build.branch() + build.commit().map(c -> ", commit " + c).orElse("")
                + "): " + current.size() + " run(s), " + runs.size() + " given now");
        int expected = config.lighthouse().runsPerBuild();
        long usable = current.stream().filter(LighthouseRun::usable).count();
        if (usable < expected) {
            lines.add("only " + usable + " usable run(s), " + expected + " expected per build (lighthouse.runs_per_build)");
        }
        List<HistoryFinding> history = new History(builds, ChangePointDetector.defaults(),
                Policies.from(config.lighthouse()).urls(), config.lighthouse().historyMinEffect()).ongoing(build);
        List<HistoryFinding> alerts = history.stream()
                .filter(HistoryFinding::regression)
                .filter(f -> f.buildsSince() < config.lighthouse().historyAlertBuilds())
                .toList();
        for (HistoryFinding f : alerts) {
            lines.add(describe(f));
        }
        ComparisonReport report;
        if (baseline.isEmpty()) {
            lines.add("no baseline: no earlier build of branch " + config.lighthouse().baselineBranch()
                    + " is stored; this build becomes the first baseline");
            report = new ComparisonReport(ComparisonVerdict.INCONCLUSIVE, List.of(), List.of(), List.of());
        } else {
            report = new LighthouseComparison(Policies.from(config.lighthouse())).compare(builds.runs(baseline.get().id()), current);
        }
        if (!alerts.isEmpty() && report.verdict() != ComparisonVerdict.REGRESSION) {
            List<String> notes = new ArrayList<>(report.notes());
            notes.add("the history of branch " + build.branch() + " shows a regression still in force (see findings)");
            report = new ComparisonReport(ComparisonVerdict.REGRESSION, report.groups(), report.failedRuns(), notes);
        }
        return new Outcome(build, baseline, report,
                new Header(Optional.of(build.id()), baseline.map(Build::id), lines, alerts));
    }

    static String describe(HistoryFinding f) {
        var cp = f.changePoint();
        String pct = Double.isFinite(cp.change()) ? String.format(Locale.ROOT, " (%+.1f%%)", cp.change() * 100) : "";
        return String.format(Locale.ROOT,
                "history: %s on %s [%s] regressed at build %s (after %s; suspected commits %s): median %s → %s%s over %d and %d builds, confidence %.4f",
                Reports.name(f.metric()), f.url(), f.formFactor(), f.firstBadBuild(), f.lastGoodBuild(), f.commitRange(),
                Reports.value(f.metric(), cp.before().median()), Reports.value(f.metric(), cp.after().median()), pct,
                cp.before().count(), cp.after().count(), cp.confidence());
    }
}
