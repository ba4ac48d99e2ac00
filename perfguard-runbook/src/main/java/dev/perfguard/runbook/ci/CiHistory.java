package dev.perfguard.runbook.ci;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.ci.CiMetric;
import java.util.List;
import java.util.Objects;

/**
 * One series over a branch's builds up to one, oldest first, as the history check judges it: each build's median
 * ({@code NaN} where the build has no value of the series), and the change points the check's detector finds in
 * them (none with fewer than {@link CiCheck#MIN_BUILDS} builds).
 *
 * @param metric the series's newest point, for its name, labels, unit and direction
 */
public record CiHistory(CiMetric metric, List<CiBuild> builds, double[] medians, List<ChangePoint> changePoints) {
    public CiHistory {
        Objects.requireNonNull(metric, "metric");
        builds = List.copyOf(builds);
        changePoints = List.copyOf(changePoints);
        if (medians.length != builds.size()) {
            throw new IllegalArgumentException("one median per build: " + medians.length + " for " + builds.size());
        }
    }
}
