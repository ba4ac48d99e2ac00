package dev.perfguard.core.lighthouse;

/**
 * How the two sides' machines compared, from Lighthouse's {@code environment.benchmarkIndex}.
 *
 * @param slowdown baseline median index over current median index: above 1 means the current runs
 *     had a slower machine
 * @param pValue two-sided exact rank-test p-value that the indexes differ
 * @param differs whether the difference is both beyond tolerance and significant
 */
public record MachineSpeed(double baselineIndex, double currentIndex, double slowdown, double pValue, boolean differs) {
    public boolean currentSlower() {
        return differs && slowdown > 1;
    }
}
