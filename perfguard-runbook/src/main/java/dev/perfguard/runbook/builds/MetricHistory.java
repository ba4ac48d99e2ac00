package dev.perfguard.runbook.builds;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric of one (URL, form factor) group over the stored builds of a branch, oldest first: each build's
 * median of its usable runs ({@code NaN} when the build has no value for the group) and the change points the
 * history check found in it.
 *
 * @param finding the change still in force (the last change point) as the check reports it; empty when the
 *     history is too short to judge or holds no change
 */
public record MetricHistory(String url, String formFactor, LighthouseMetric metric, List<Build> builds, double[] medians,
        List<ChangePoint> changePoints, Optional<HistoryFinding> finding) {

    public MetricHistory {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(formFactor, "formFactor");
        Objects.requireNonNull(metric, "metric");
        builds = List.copyOf(builds);
        Objects.requireNonNull(medians, "medians");
        if (medians.length != builds.size()) {
            throw new IllegalArgumentException("one median per build: " + medians.length + " for " + builds.size());
        }
        changePoints = List.copyOf(changePoints);
        Objects.requireNonNull(finding, "finding");
    }
}
