package dev.perfguard.app.lighthouse;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import java.util.Optional;

/**
 * A change in a metric's level found over the stored history of a branch: the first build of the
 * new level, the build before it, and the commits between them.
 */
record HistoryFinding(
        String url,
        String formFactor,
        LighthouseMetric metric,
        String firstBadBuild,
        String lastGoodBuild,
        Optional<String> firstBadCommit,
        Optional<String> lastGoodCommit,
        int buildsSince,
        ChangePoint changePoint) {

    /** {@code good..bad} in git's notation: the commits after the last good build up to the first bad one. */
    String commitRange() {
        return lastGoodCommit.orElse("?") + ".." + firstBadCommit.orElse("?");
    }

    boolean regression() {
        return changePoint.kind() == ChangePoint.Kind.REGRESSION;
    }
}
