package dev.perfguard.core.lighthouse;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One (URL, form factor) group compared.
 *
 * @param url the current group's URL (the baseline's when only the baseline has the group)
 * @param pairing how the groups were paired, for the report
 * @param representativeRun the current representative run's source, if any
 */
public record GroupResult(
        String url,
        String baselineUrl,
        String formFactor,
        String pairing,
        int baselineRuns,
        int currentRuns,
        Optional<String> representativeRun,
        Optional<String> baselineRepresentativeRun,
        Optional<MachineSpeed> machineSpeed,
        List<MetricResult> metrics,
        List<String> notes) {
    public GroupResult {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(baselineUrl, "baselineUrl");
        Objects.requireNonNull(formFactor, "formFactor");
        Objects.requireNonNull(pairing, "pairing");
        Objects.requireNonNull(representativeRun, "representativeRun");
        Objects.requireNonNull(baselineRepresentativeRun, "baselineRepresentativeRun");
        Objects.requireNonNull(machineSpeed, "machineSpeed");
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
    }

    public Status worst() {
        if (metrics.stream().anyMatch(m -> m.status() == Status.REGRESSION)) {
            return Status.REGRESSION;
        }
        if (metrics.isEmpty() || metrics.stream().anyMatch(m -> m.status() == Status.INCONCLUSIVE)) {
            return Status.INCONCLUSIVE;
        }
        return metrics.stream().anyMatch(m -> m.status() == Status.IMPROVEMENT) ? Status.IMPROVEMENT : Status.PASS;
    }
}
