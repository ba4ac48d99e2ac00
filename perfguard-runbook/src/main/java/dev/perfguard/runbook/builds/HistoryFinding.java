package dev.perfguard.runbook.builds;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.lighthouse.LighthouseMetric;
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
}
