package dev.perfguard.runbook.ci;

import java.util.List;
import java.util.Objects;

/**
 * A stored CI build as the build lists show it: how many metric series it holds and the kinds of file they were read
 * from ({@code perf_metrics}, {@code jmh}, ...; empty for builds ingested before the kinds were kept).
 */
public record CiBuildSummary(CiBuild build, int metrics, List<String> sources) {
    public CiBuildSummary {
        Objects.requireNonNull(build, "build");
        sources = List.copyOf(sources);
    }
}
