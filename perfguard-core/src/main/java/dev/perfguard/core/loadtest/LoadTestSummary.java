package dev.perfguard.core.loadtest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What one load test measured, shaped like k6's {@code --summary-export}.
 *
 * @param source who produced it: {@code perfguard}, {@code k6}, {@code wrk}
 * @param durationSeconds the test's wall-clock length
 * @param requests HTTP requests completed (k6's {@code http_reqs.count})
 * @param failed requests that failed (a transport error, a timeout, or a status of 400 or more)
 * @param iterations iterations started (one request each for perfguard's generator)
 * @param droppedIterations iterations not started because the maximum in flight was reached
 * @param duration statistics of {@code http_req_duration} in milliseconds, by k6's names ({@code avg},
 *     {@code min}, {@code med}, {@code max}, {@code p(90)}, {@code p(95)}, {@code p(99)}); only those reported
 * @param serviceTime for perfguard's generator: the same statistics measured from the actual send rather
 *     than the intended start (empty for imports)
 */
public record LoadTestSummary(String source, double durationSeconds, long requests, long failed, long iterations,
        long droppedIterations, Map<String, Double> duration, Map<String, Double> serviceTime) {

    public LoadTestSummary {
        Objects.requireNonNull(source, "source");
        if (durationSeconds < 0 || requests < 0 || failed < 0 || iterations < 0 || droppedIterations < 0) {
            throw new IllegalArgumentException("a load-test summary's counts and duration must not be negative");
        }
        if (failed > requests) {
            throw new IllegalArgumentException("failed (" + failed + ") exceeds requests (" + requests + ")");
        }
        duration = Map.copyOf(duration);
        serviceTime = Map.copyOf(serviceTime);
    }

    /** Requests per second over the test ({@code http_reqs.rate}); 0 for a test of no duration. */
    public double requestRate() {
        return durationSeconds == 0 ? 0 : requests / durationSeconds;
    }

    /** {@code http_req_failed.value}: the fraction of requests that failed; 0 with no requests. */
    public double failedRate() {
        return requests == 0 ? 0 : (double) failed / requests;
    }

    /** One {@code http_req_duration} statistic by k6's name; empty when the source did not report it. */
    public OptionalDouble durationStat(String name) {
        Double v = duration.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The duration statistics in a stable order: avg, min, med, max, then the percentiles ascending. */
    public Map<String, Double> orderedDuration() {
        return ordered(duration);
    }

    public Map<String, Double> orderedServiceTime() {
        return ordered(serviceTime);
    }

    private static Map<String, Double> ordered(Map<String, Double> stats) {
        Map<String, Double> out = new TreeMap<>((a, b) -> Double.compare(rank(a), rank(b)) != 0 ? Double.compare(rank(a), rank(b)) : a.compareTo(b));
        out.putAll(stats);
        return out;
    }

    private static double rank(String stat) {
        return switch (stat) {
            case "avg" -> 0;
            case "min" -> 1;
            case "med" -> 2;
            case "max" -> 3;
            default -> 4 + Threshold.percentileOf(stat).orElse(1000.0) / 1000;
        };
    }

    /** The value a threshold's aggregation reads on {@code metric}; empty when the summary lacks it. */
    public Optional<Double> valueFor(String metric, String aggregation) {
        return switch (metric) {
            case "http_req_duration" -> Optional.ofNullable(duration.get(aggregation));
            case "http_req_failed" -> aggregation.equals("rate") ? Optional.of(failedRate()) : Optional.empty();
            case "http_reqs", "iterations", "dropped_iterations" -> {
                long count = metric.equals("http_reqs") ? requests : metric.equals("iterations") ? iterations : droppedIterations;
                yield switch (aggregation) {
                    case "count" -> Optional.of((double) count);
                    case "rate" -> Optional.of(durationSeconds == 0 ? 0 : count / durationSeconds);
                    default -> Optional.empty();
                };
            }
            default -> Optional.empty();
        };
    }
}
