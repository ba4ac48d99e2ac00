package dev.perfguard.runbook.ci;

import java.util.Objects;

/** A stored series of a branch: how many of the branch's builds hold it and the time of the newest that does. */
public record CiSeries(String branch, String series, String unit, int builds, long latestMs) {
    public CiSeries {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(unit, "unit");
    }
}
