/**
 * Load-test results and their thresholds, independent of the tool that produced them (perfguard's own
 * generator, k6, wrk).
 *
 * <p>Units: durations are milliseconds (k6's unit); rates are per second; a failure rate is a fraction in
 * [0, 1]. A {@link dev.perfguard.core.loadtest.LoadTestSummary} holds the statistics a tool reported; a
 * statistic it did not report is absent, and a threshold on it is refused rather than guessed.
 *
 * <p>Thresholds use k6's syntax ({@code p(95)<300}, {@code rate<0.01}, {@code avg<=200}); see
 * {@link dev.perfguard.core.loadtest.Threshold}.
 */
package dev.perfguard.core.loadtest;
