package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.runbook.builds.Build;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.CheckPolicy;
import dev.perfguard.runbook.builds.HistoryFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a report says above the groups: for a stored-build check, the build and its baseline, and
 * anything learned from the series (change points).
 */
public record ReportHeader(Optional<String> build, Optional<String> baselineBuild, List<String> lines, List<HistoryFinding> history) {
    public ReportHeader {
        lines = List.copyOf(lines);
        history = List.copyOf(history);
    }

    public static ReportHeader none() {
        return new ReportHeader(Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /** The header of a stored-build check: what was stored, too few usable runs, the history's alerts, a missing baseline. */
    public static ReportHeader of(BuildCheck.Outcome o, CheckPolicy policy) {
        Build build = o.build();
        List<String> lines = new ArrayList<>();
        lines.add("stored build " + build.id() + " (branch " + build.branch() + build.commit().map(c -> ", commit " + c).orElse("")
                + "): " + o.storedRuns() + " run(s), " + o.givenRuns() + " given now");
        if (o.usableRuns() < policy.runsPerBuild()) {
            lines.add("only " + o.usableRuns() + " usable run(s), " + policy.runsPerBuild()
                    + " expected per build (lighthouse.runs_per_build)");
        }
        o.historyAlerts().forEach(f -> lines.add(describe(f)));
        if (o.baseline().isEmpty()) {
            lines.add("no baseline: no earlier build of branch " + policy.baselineBranch()
                    + " is stored; this build becomes the first baseline");
        }
        return new ReportHeader(Optional.of(build.id()), o.baseline().map(Build::id), lines, o.historyAlerts());
    }

    static String describe(HistoryFinding f) {
        var cp = f.changePoint();
        String pct = Double.isFinite(cp.change()) ? String.format(Locale.ROOT, " (%+.1f%%)", cp.change() * 100) : "";
        return String.format(Locale.ROOT,
                "history: %s on %s [%s] regressed at build %s (after %s; suspected commits %s): median %s → %s%s over %d and %d builds, confidence %.4f",
                LighthouseReport.name(f.metric()), f.url(), f.formFactor(), f.firstBadBuild(), f.lastGoodBuild(), f.commitRange(),
                LighthouseReport.value(f.metric(), cp.before().median()), LighthouseReport.value(f.metric(), cp.after().median()), pct,
                cp.before().count(), cp.after().count(), cp.confidence());
    }
}
