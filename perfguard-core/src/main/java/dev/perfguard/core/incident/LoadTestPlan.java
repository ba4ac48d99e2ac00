package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a load-test slot request asks DevOps for (runbook step 3): target scenarios, the expected
 * concurrency (virtual users, 1 to 100,000), what data must be refreshed before the test ({@code
 * dataRefresh}, free text, e.g. "reindex golden corpus" or "none"), and the requested start.
 */
public record LoadTestPlan(List<String> scenarios, int concurrency, String dataRefresh, Instant start) {

    public static final int MAX_CONCURRENCY = 100_000;

    public LoadTestPlan {
        scenarios = Checks.list(scenarios, "scenarios");
        if (scenarios.isEmpty()) {
            throw PerfguardException.badInput("scenarios must name at least one target scenario");
        }
        for (String s : scenarios) {
            Checks.name(s, "scenario");
        }
        if (new HashSet<>(scenarios).size() != scenarios.size()) {
            throw PerfguardException.badInput("scenarios contain duplicates");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw PerfguardException.badInput("concurrency must be between 1 and " + MAX_CONCURRENCY + ", was " + concurrency);
        }
        Checks.text(dataRefresh, "data refresh", Checks.LONG);
        Objects.requireNonNull(start, "start");
    }
}
