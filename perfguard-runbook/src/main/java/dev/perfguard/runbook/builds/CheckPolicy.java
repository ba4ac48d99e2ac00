package dev.perfguard.runbook.builds;

import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.lighthouse.ComparisonPolicy;
import java.util.Objects;

/**
 * How a build check judges a stored build.
 *
 * @param comparison how the build's runs are compared with its baseline's
 * @param baselineBranch whose latest build is the baseline when none is named
 * @param runsPerBuild how many Lighthouse runs a build is expected to bring (fewer usable ones are reported)
 * @param historyMinEffect smallest relative change of a metric's level over the branch history that counts
 * @param historyAlertBuilds a regression in the history fails the check while it began fewer than this many builds ago
 * @param detector finds the change points in the branch history
 */
public record CheckPolicy(
        ComparisonPolicy comparison,
        String baselineBranch,
        int runsPerBuild,
        double historyMinEffect,
        int historyAlertBuilds,
        ChangePointDetector detector) {

    public CheckPolicy {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(baselineBranch, "baselineBranch");
        Objects.requireNonNull(detector, "detector");
        if (runsPerBuild < 1) {
            throw new IllegalArgumentException("runsPerBuild must be at least 1, was " + runsPerBuild);
        }
        if (!(historyMinEffect >= 0)) {
            throw new IllegalArgumentException("historyMinEffect must be >= 0, was " + historyMinEffect);
        }
        if (historyAlertBuilds < 0) {
            throw new IllegalArgumentException("historyAlertBuilds must be >= 0, was " + historyAlertBuilds);
        }
    }
}
