package dev.perfguard.runbook.ci;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.ci.CiComparison;
import dev.perfguard.core.ci.CiMetric;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A regression still in force in the branch history of a metric: the first build of the worse level, the build
 * before it, their commits, and how many builds have come since.
 */
public record CiFinding(CiMetric metric, String firstBadBuild, String lastGoodBuild, Optional<String> firstBadCommit,
        Optional<String> lastGoodCommit, int buildsSince, int historyBuilds, ChangePoint changePoint) {
    public CiFinding {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(firstBadBuild, "firstBadBuild");
        Objects.requireNonNull(lastGoodBuild, "lastGoodBuild");
        Objects.requireNonNull(firstBadCommit, "firstBadCommit");
        Objects.requireNonNull(lastGoodCommit, "lastGoodCommit");
        Objects.requireNonNull(changePoint, "changePoint");
    }

    /** {@code good..bad} in git's notation. */
    public String commitRange() {
        return lastGoodCommit.orElse("?") + ".." + firstBadCommit.orElse("?");
    }

    /** One line, as {@code perfguard ingest} and the build compare page say it. */
    public String describe() {
        String unit = metric.unit().isEmpty() ? "" : " " + metric.unit();
        double p = changePoint.pValue();
        String confidence = p < 1e-4 ? "confidence > 99.99%" : String.format(Locale.ROOT, "confidence %.2f%%", 100 * (1 - p));
        return String.format(Locale.ROOT, "%s: regression in force since build %s (last good %s, commits %s, %d build(s) ago): median %s → %s%s (%s)",
                metric.series(), firstBadBuild, lastGoodBuild, commitRange(), buildsSince,
                CiComparison.number(changePoint.before().median()), CiComparison.number(changePoint.after().median()), unit, confidence);
    }
}
