package dev.perfguard.signals.loadtest;

import dev.perfguard.core.loadtest.LoadTestSummary;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What {@link LoadGenerator#run} measured.
 *
 * @param summary the k6-shaped summary (latency from the intended start)
 * @param series one point per second of the run, for the latency-over-time chart
 * @param latency {@code http_req_duration} from the intended start, microseconds (coordinated omission corrected)
 * @param serviceTime from the actual send, microseconds
 * @param schedulingError the actual send minus the intended start, microseconds: how late the generator was
 * @param sentPerSecond requests actually sent in each second of the run (by the time they were sent)
 * @param planned iterations the stages planned (before the cap)
 * @param capped whether {@code max_requests} ended the run before its stages did
 */
public record LoadTestRun(LoadTestSummary summary, List<Point> series, Histogram latency, Histogram serviceTime,
        Histogram schedulingError, List<Long> sentPerSecond, long planned, boolean capped) {

    public LoadTestRun {
        Objects.requireNonNull(summary, "summary");
        series = List.copyOf(series);
        sentPerSecond = List.copyOf(sentPerSecond);
    }

    /**
     * One second of the run: responses that completed in it and their latency from the intended start.
     *
     * @param second from 0
     * @param p50Ms NaN when no response completed in the second (likewise p99Ms)
     */
    public record Point(int second, long requests, long failed, double p50Ms, double p99Ms) {}
}
