package dev.perfguard.signals.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A generated production history in OpenMetrics text, for backfilling a real Prometheus:
 *
 * <ul>
 *   <li>{@code http_request_duration_seconds} histogram of {@code route="/api/search"}, 10 requests a
 *       second, scraped every 15 s. Normally 30/40/28/2 % of requests fall in the buckets up to 50 ms,
 *       100 ms, 250 ms, 500 ms (p95 about 0.23 s). From {@link #REGRESSION} until {@link #RECOVERY}
 *       5/15/30/40/10 % fall up to 50 ms, 100 ms, 250 ms, 500 ms, 1 s (p95 0.75 s), and 2 % of
 *       requests get status 500 instead of 0.5 %.</li>
 *   <li>{@code rag_online_ndcg_at_10} gauge: 0.72, and 0.40 from {@link #QUALITY_DROP} until
 *       {@link #RECOVERY}.</li>
 *   <li>{@code boundary_probe} gauge: one sample exactly on each hour boundary, its value the hour's
 *       index (0 at {@link #START}, 36 at the end): the window a boundary sample belongs to.</li>
 *   <li>{@code ramp_probe} gauge: in the hour {@link #RAMP_HOUR} only, every 15 s, 0, 1, ..., 239; plus a
 *       trap of -1000 15 s before that hour and of 1000 exactly at its end, neither of which is the
 *       hour's data.</li>
 *   <li>{@code phase_probe} gauge: the same in the hour {@link #PHASE_HOUR}, scraped 5 s after each
 *       15 s step (0 at :00:05, 239 at :59:50), traps 10 s before the hour and 5 s after it ends.</li>
 * </ul>
 *
 * A counter sample at time {@code t} includes the requests of {@code (t - 15s, t]}, so the regression
 * starts exactly at the window boundary {@link #REGRESSION}.
 */
public final class TelemetryHistory {
    public static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    public static final Duration LENGTH = Duration.ofHours(36);
    public static final Instant REGRESSION = START.plus(Duration.ofHours(28));
    public static final Instant QUALITY_DROP = START.plus(Duration.ofHours(29));
    public static final Instant RECOVERY = START.plus(Duration.ofHours(31));
    public static final int STEP_SECONDS = 15;
    public static final int RAMP_HOUR = 20;
    public static final int PHASE_HOUR = 22;
    public static final int RATE = 10;
    /** The p95 latency of /api/search over the reporting window, as the tests' expectations query it. */
    public static final String SEARCH_P95 = "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route=\"/api/search\"}[$__window])))";

    static final String[] LE = {"0.05", "0.1", "0.25", "0.5", "1", "+Inf"};
    static final double[] NORMAL = {0.30, 0.40, 0.28, 0.02, 0, 0};
    static final double[] REGRESSED = {0.05, 0.15, 0.30, 0.40, 0.10, 0};

    private TelemetryHistory() {}

    /** The start of the {@code h}-th hour of the history. */
    public static Instant hour(int h) {
        return START.plus(Duration.ofHours(h));
    }

    public static String openMetrics() {
        return openMetrics(new String[] {"/api/search"});
    }

    /** The same history for each of {@code routes} (the benchmark uses many). */
    public static String openMetrics(String[] routes) {
        StringBuilder out = new StringBuilder(1 << 20);
        long steps = LENGTH.toSeconds() / STEP_SECONDS;
        long t0 = START.getEpochSecond();
        out.append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        for (String route : routes) {
            double[] buckets = new double[LE.length];
            double count = 0;
            double sum = 0;
            for (long i = 0; i <= steps; i++) {
                long t = t0 + i * STEP_SECONDS;
                if (i > 0) {
                    boolean bad = t > REGRESSION.getEpochSecond() && t <= RECOVERY.getEpochSecond();
                    double[] share = bad ? REGRESSED : NORMAL;
                    double n = RATE * STEP_SECONDS;
                    double cumulative = 0;
                    for (int b = 0; b < LE.length; b++) {
                        cumulative += share[b] * n;
                        buckets[b] += cumulative;
                    }
                    buckets[LE.length - 1] = buckets[LE.length - 1] - cumulative + n; // +Inf bucket holds every request
                    count += n;
                    sum += n * (bad ? 0.4 : 0.12);
                }
                for (int b = 0; b < LE.length; b++) {
                    out.append("http_request_duration_seconds_bucket{route=\"").append(route).append("\",le=\"").append(LE[b])
                            .append("\"} ").append(num(buckets[b])).append(' ').append(t).append('\n');
                }
                out.append("http_request_duration_seconds_count{route=\"").append(route).append("\"} ").append(num(count))
                        .append(' ').append(t).append('\n');
                out.append("http_request_duration_seconds_sum{route=\"").append(route).append("\"} ").append(num(sum))
                        .append(' ').append(t).append('\n');
            }
        }
        out.append("# HELP http_requests Requests by status.\n# TYPE http_requests counter\n");
        for (String route : routes) {
            for (String status : new String[] {"200", "500"}) {
                double total = 0;
                for (long i = 0; i <= steps; i++) {
                    long t = t0 + i * STEP_SECONDS;
                    if (i > 0) {
                        boolean bad = t > REGRESSION.getEpochSecond() && t <= RECOVERY.getEpochSecond();
                        double errorShare = bad ? 0.02 : 0.005;
                        total += RATE * STEP_SECONDS * (status.equals("500") ? errorShare : 1 - errorShare);
                    }
                    out.append("http_requests_total{route=\"").append(route).append("\",status=\"").append(status).append("\"} ")
                            .append(num(total)).append(' ').append(t).append('\n');
                }
            }
        }
        out.append("# HELP boundary_probe One sample on each hour boundary, valued the hour's index.\n# TYPE boundary_probe gauge\n");
        for (long h = 0; h <= LENGTH.toHours(); h++) {
            out.append("boundary_probe ").append(h).append(' ').append(t0 + h * 3600).append('\n');
        }
        out.append("# HELP ramp_probe 0 to 239 in one hour, traps just outside it.\n# TYPE ramp_probe gauge\n");
        long ramp = hour(RAMP_HOUR).getEpochSecond();
        out.append("ramp_probe -1000 ").append(ramp - STEP_SECONDS).append('\n');
        for (int i = 0; i < 3600 / STEP_SECONDS; i++) {
            out.append("ramp_probe ").append(i).append(' ').append(ramp + (long) i * STEP_SECONDS).append('\n');
        }
        out.append("ramp_probe 1000 ").append(ramp + 3600).append('\n');
        out.append("# HELP phase_probe 0 to 239 in one hour, scraped off the boundaries.\n# TYPE phase_probe gauge\n");
        long phase = hour(PHASE_HOUR).getEpochSecond();
        out.append("phase_probe -1000 ").append(phase - 10).append('\n');
        for (int i = 0; i < 3600 / STEP_SECONDS; i++) {
            out.append("phase_probe ").append(i).append(' ').append(phase + 5 + (long) i * STEP_SECONDS).append('\n');
        }
        out.append("phase_probe 1000 ").append(phase + 3605).append('\n');
        out.append("# HELP rag_online_ndcg_at_10 Online retrieval quality.\n# TYPE rag_online_ndcg_at_10 gauge\n");
        for (long i = 0; i <= steps; i++) {
            long t = t0 + i * STEP_SECONDS;
            boolean low = t >= QUALITY_DROP.getEpochSecond() && t < RECOVERY.getEpochSecond();
            out.append("rag_online_ndcg_at_10{dataset=\"online\"} ").append(low ? "0.4" : "0.72").append(' ').append(t).append('\n');
        }
        out.append("# EOF\n");
        return out.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v);
    }
}
