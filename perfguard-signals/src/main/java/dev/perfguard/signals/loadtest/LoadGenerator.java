package dev.perfguard.signals.loadtest;

import dev.perfguard.core.loadtest.LoadTestSummary;
import dev.perfguard.signals.rageval.RetrievalCollector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Runs a {@link Scenario} as an open model (see the package documentation): one thread computes each
 * iteration's intended start, waits for it (parks, then spins the last {@link #SPIN_NANOS}) and sends the
 * request with {@link HttpClient#sendAsync}, which never blocks it on a response; the completion records
 * the latency from the intended start. (A virtual thread per request calling {@code send} cost more CPU
 * per request in scripts/bench-loadgen, for the same schedule.) A one-second ticker moves the recorded interval into the totals, the per-second series,
 * the HDR log and the listener's progress.
 *
 * <p>The caller decides whether the target may be reached (perfguard-app allows loopback and configured
 * hosts only); redirects are never followed, so a response cannot move the load elsewhere.
 */
public final class LoadGenerator {
    /**
     * Below this the scheduler spins rather than parks. Parking overshoots by Linux's timer slack (about
     * 50 µs), so a short spin trims the error without paying a spin of that length at every arrival:
     * 100 µs cost up to 10 % of a core at 1,000 requests a second for no gain against a 1 ms budget.
     */
    static final long SPIN_NANOS = 20_000;
    /** Microseconds; one hour, beyond any request timeout. */
    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int DIGITS = 3;

    /** Called once a second from the ticker thread, and once at the end. */
    public interface Listener {
        void progress(Progress p);
    }

    /**
     * The run so far.
     *
     * @param rate responses per second over the last second
     */
    public record Progress(double elapsedSeconds, double plannedSeconds, long sent, long completed, long failed, long dropped,
            double rate, double p50Ms, double p95Ms, double p99Ms, boolean done) {}

    private final Scenario scenario;
    private final HttpClient client;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, DIGITS);
    /** Only the ticker adds to it, and the run reads it once the ticker has ended. */
    private final Histogram latency = new Histogram(HIGHEST_MICROS, DIGITS);
    private final ConcurrentHistogram service = new ConcurrentHistogram(HIGHEST_MICROS, DIGITS);
    private final ConcurrentHistogram lateness = new ConcurrentHistogram(HIGHEST_MICROS, DIGITS);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Written by the scheduler only; read by the ticker. */
    private volatile long sent;
    private AtomicLongArray sentPerSecond;
    private long startNanos;

    private LoadGenerator(Scenario scenario) {
        this.scenario = scenario;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(scenario.timeout()).build();
    }

    /**
     * Runs {@code scenario} to its end (or its request cap), then waits for the requests in flight.
     *
     * @param hdrLog where the interval histograms go (HdrHistogram's log format, microseconds), or null
     * @param listener progress once a second, or null
     */
    public static LoadTestRun run(Scenario scenario, OutputStream hdrLog, Listener listener) {
        LoadGenerator g = new LoadGenerator(scenario);
        try {
            return g.run(hdrLog, listener);
        } finally {
            g.client.shutdownNow();
        }
    }

    private LoadTestRun run(OutputStream hdrLog, Listener listener) {
        ArrivalSchedule schedule = new ArrivalSchedule(scenario.stages());
        double planned = schedule.totalSeconds();
        sentPerSecond = new AtomicLongArray((int) Math.ceil(planned) + (int) scenario.timeout().toSeconds() + 3);
        List<LoadTestRun.Point> series = new ArrayList<>();
        PrintStream logStream = hdrLog == null ? null : new PrintStream(hdrLog, false, StandardCharsets.UTF_8);
        HistogramLogWriter log = logStream == null ? null : new HistogramLogWriter(logStream);
        long startMillis = System.currentTimeMillis();
        if (log != null) {
            log.outputComment("perfguard loadtest " + scenario.name() + ": http_req_duration from the intended start, microseconds");
            log.outputLogFormatVersion();
            log.outputStartTime(startMillis);
            log.setBaseTime(startMillis);
            log.outputLegend();
        }
        warmUp();
        startNanos = System.nanoTime();
        Ticker ticker = new Ticker(log, series, listener, planned, startMillis);
        Thread tick = Thread.ofPlatform().daemon().name("perfguard-loadtest-ticker").start(ticker);
        SplittableRandom random = new SplittableRandom(scenario.seed());
        double totalWeight = scenario.requests().stream().mapToDouble(Scenario.RequestSpec::weight).sum();
        boolean capped = false;
        long iteration = 0;
        long offset;
        while ((offset = schedule.nextOffsetNanos()) >= 0) {
            if (sent >= scenario.maxRequests()) {
                capped = true;
                break;
            }
            long intended = startNanos + offset;
            waitUntil(intended);
            Scenario.RequestSpec spec = pick(random.nextDouble() * totalWeight);
            long i = iteration++;
            if (inFlight.incrementAndGet() > schedule.maxInFlight()) {
                inFlight.decrementAndGet();
                dropped.incrementAndGet();
                continue;
            }
            sent++;
            send(spec, i, intended);
        }
        long deadline = System.nanoTime() + scenario.timeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        ticker.stop();
        try {
            tick.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (logStream != null) {
            logStream.flush();
        }
        List<Long> perSecond = new ArrayList<>();
        int last = (int) Math.min(sentPerSecond.length() - 1, Math.ceil(seconds));
        for (int s = 0; s < last; s++) {
            perSecond.add(sentPerSecond.get(s));
        }
        LoadTestSummary summary = new LoadTestSummary("perfguard", seconds, completed.get(), failed.get(), sent + dropped.get(),
                dropped.get(), stats(latency), stats(service));
        return new LoadTestRun(summary, series, latency.copy(), service.copy(), lateness.copy(), perSecond, schedule.planned(), capped);
    }

    /**
     * One request before the clock starts, neither recorded nor counted: the first request of a process loads
     * the HTTP client's classes and opens its first connection, hundreds of milliseconds that are the
     * generator's, not the target's. Its outcome is ignored; a target that is down fails the run's requests.
     */
    private void warmUp() {
        try {
            client.send(request(scenario.requests().getFirst(), 0), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | RuntimeException e) {
            // the run's own requests will say what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Scenario.RequestSpec pick(double r) {
        for (Scenario.RequestSpec s : scenario.requests()) {
            r -= s.weight();
            if (r < 0) {
                return s;
            }
        }
        return scenario.requests().getLast();
    }

    private static void waitUntil(long nanos) {
        for (;;) {
            long remaining = nanos - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            if (remaining > SPIN_NANOS) {
                LockSupport.parkNanos(remaining - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Sends one request now (its intended start has come) and records it when it completes. */
    private void send(Scenario.RequestSpec spec, long iteration, long intended) {
        long actual = System.nanoTime();
        int second = (int) ((actual - startNanos) / 1_000_000_000L);
        if (second < sentPerSecond.length()) {
            sentPerSecond.incrementAndGet(second);
        }
        lateness.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (actual - intended) / 1000)));
        try {
            client.sendAsync(request(spec, iteration), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> done(intended, actual, error == null && response.statusCode() < 400));
        } catch (RuntimeException e) {
            done(intended, actual, false);
        }
    }

    private void done(long intended, long actual, boolean ok) {
        long end = System.nanoTime();
        recorder.recordValue(Math.min(HIGHEST_MICROS, (end - intended) / 1000));
        service.recordValue(Math.min(HIGHEST_MICROS, (end - actual) / 1000));
        if (!ok) {
            failed.incrementAndGet();
        }
        completed.incrementAndGet();
        inFlight.decrementAndGet();
    }

    HttpRequest request(Scenario.RequestSpec spec, long iteration) {
        return requestFor(scenario, spec, iteration);
    }

    /** The request of {@code iteration}: the query is number {@code iteration mod n} of the query set. */
    static HttpRequest requestFor(Scenario scenario, Scenario.RequestSpec spec, long iteration) {
        String path = spec.path();
        String body = spec.body();
        if (!scenario.queries().isEmpty()) {
            RetrievalCollector.Query q = scenario.queries().get((int) (iteration % scenario.queries().size()));
            path = fill(path, q, true);
            body = body == null ? null : fill(body, q, false);
        }
        String base = scenario.target().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(scenario.timeout())
                .method(spec.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        spec.headers().forEach(b::header);
        return b.build();
    }

    static String fill(String template, RetrievalCollector.Query q, boolean encode) {
        String query = encode ? URLEncoder.encode(q.text(), StandardCharsets.UTF_8).replace("+", "%20") : q.text();
        String id = encode ? URLEncoder.encode(q.id(), StandardCharsets.UTF_8).replace("+", "%20") : q.id();
        return template.replaceAll("\\{\\{\\s*query_id\\s*}}", java.util.regex.Matcher.quoteReplacement(id))
                .replaceAll("\\{\\{\\s*query\\s*}}", java.util.regex.Matcher.quoteReplacement(query));
    }

    /** k6's trend statistics in milliseconds. */
    static Map<String, Double> stats(Histogram h) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (h.getTotalCount() == 0) {
            return out;
        }
        out.put("avg", h.getMean() / 1000);
        out.put("min", h.getMinValue() / 1000.0);
        out.put("med", h.getValueAtPercentile(50) / 1000.0);
        out.put("max", h.getMaxValue() / 1000.0);
        out.put("p(90)", h.getValueAtPercentile(90) / 1000.0);
        out.put("p(95)", h.getValueAtPercentile(95) / 1000.0);
        out.put("p(99)", h.getValueAtPercentile(99) / 1000.0);
        return out;
    }

    /** Moves each second's interval histogram into the totals, the series and the log; reports progress. */
    private final class Ticker implements Runnable {
        private final HistogramLogWriter log;
        private final List<LoadTestRun.Point> series;
        private final Listener listener;
        private final double planned;
        private final long startMillis;
        private volatile boolean stopping;
        private Histogram interval;
        private long failedBefore;

        Ticker(HistogramLogWriter log, List<LoadTestRun.Point> series, Listener listener, double planned, long startMillis) {
            this.log = log;
            this.series = series;
            this.listener = listener;
            this.planned = planned;
            this.startMillis = startMillis;
        }

        void stop() {
            stopping = true;
        }

        @Override
        public void run() {
            int second = 0;
            boolean last = false;
            while (!last) {
                long due = startNanos + TimeUnit.SECONDS.toNanos(second + 1);
                while (!stopping && System.nanoTime() < due) {
                    LockSupport.parkNanos(Math.min(due - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)));
                }
                last = stopping;
                interval = recorder.getIntervalHistogram(interval);
                long failedNow = failed.get();
                latency.add(interval);
                series.add(new LoadTestRun.Point(second, interval.getTotalCount(), failedNow - failedBefore,
                        interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(50) / 1000.0,
                        interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(99) / 1000.0));
                failedBefore = failedNow;
                if (log != null) {
                    interval.setStartTimeStamp(startMillis + second * 1000L);
                    interval.setEndTimeStamp(startMillis + (long) ((System.nanoTime() - startNanos) / 1e6));
                    log.outputIntervalHistogram(interval);
                }
                if (listener != null) {
                    double elapsed = (System.nanoTime() - startNanos) / 1e9;
                    listener.progress(new Progress(elapsed, planned, sent, completed.get(), failedNow, dropped.get(), interval.getTotalCount(),
                            latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                            latency.getValueAtPercentile(99) / 1000.0, last));
                }
                second++;
            }
        }
    }
}
