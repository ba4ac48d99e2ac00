package dev.perfguard.signals.ingest;

import dev.perfguard.core.ci.CiMetric;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file read: where it came from, its kind, its bytes as they are (to attach to an incident), what it says
 * about its build (only a {@code perf_metrics} file says anything) and its metrics.
 */
public record MetricFile(String source, FileKind kind, byte[] bytes, Optional<String> build, Optional<String> branch,
        Optional<String> commit, Optional<Instant> time, List<CiMetric> metrics) {
    public MetricFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(time, "time");
        metrics = List.copyOf(metrics);
    }

    static MetricFile of(String source, FileKind kind, byte[] bytes, List<CiMetric> metrics) {
        return new MetricFile(source, kind, bytes, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), metrics);
    }
}
