package dev.perfguard.runbook.ci;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.ci.CiMetric;
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
}
