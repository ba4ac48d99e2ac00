package dev.perfguard.runbook.builds;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.MetricText;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A change in a metric's level found over the stored history of a branch: the first build of the
 * new level, the build before it, and the commits between them.
 */
public record HistoryFinding(
        String url,
        String formFactor,
        LighthouseMetric metric,
        String firstBadBuild,
        String lastGoodBuild,
        Optional<String> firstBadCommit,
        Optional<String> lastGoodCommit,
        int buildsSince,
        ChangePoint changePoint) {

    public HistoryFinding {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(formFactor, "formFactor");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(firstBadBuild, "firstBadBuild");
        Objects.requireNonNull(lastGoodBuild, "lastGoodBuild");
        Objects.requireNonNull(firstBadCommit, "firstBadCommit");
        Objects.requireNonNull(lastGoodCommit, "lastGoodCommit");
        Objects.requireNonNull(changePoint, "changePoint");
    }

    /** {@code good..bad} in git's notation: the commits after the last good build up to the first bad one. */
    public String commitRange() {
        return lastGoodCommit.orElse("?") + ".." + firstBadCommit.orElse("?");
    }

    public boolean regression() {
        return changePoint.kind() == ChangePoint.Kind.REGRESSION;
    }

    /** One line: the metric, where, the first bad build, the suspected commits, the medians and the confidence. */
    public String describe() {
        var cp = changePoint;
        String pct = Double.isFinite(cp.change()) ? String.format(Locale.ROOT, " (%+.1f%%)", cp.change() * 100) : "";
        return String.format(Locale.ROOT,
                "history: %s on %s [%s] regressed at build %s (after %s; suspected commits %s): median %s → %s%s over %d and %d builds, confidence %.4f",
                MetricText.name(metric), url, formFactor, firstBadBuild, lastGoodBuild, commitRange(),
                MetricText.value(metric, cp.before().median()), MetricText.value(metric, cp.after().median()), pct,
                cp.before().count(), cp.after().count(), cp.confidence());
    }
}
