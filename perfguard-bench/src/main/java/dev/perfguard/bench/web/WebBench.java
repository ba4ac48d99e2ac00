package dev.perfguard.bench.web;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.app.wiring.Serving;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.store.Store;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Web page speed, a macro benchmark (plain code, not JMH: a real server over a real store, loopback HTTP).
 * The store, built through the composition root as {@code perfguard serve} opens it, holds one incident of
 * service {@code checkout-web} opened a year ago with 10 triggering telemetry metrics (48 window values of
 * evidence each, as the telemetry watch writes), a year of hourly window results for those 10 metrics
 * (8,760 windows, 87,600 rows, inserted in one batch), and N more incidents (default 10,000) opened over
 * that year across 50 services, each with one Lighthouse discrepancy (their metric families are numbered,
 * so that every one is its own open incident). The outbox rows of those openings are deleted before the
 * server starts, so no delivery runs during the measurement.
 *
 * <p>Then {@link Perfguard#serve} starts the server with its web pages on a loopback port, and this JVM's
 * HTTP client (HTTP/1.1, one connection, a bearer token) warms every request up and times each request
 * {@code reps} times in turn: client-observed time on loopback (p50, p90, max), the mean server time from
 * the server's own {@code perfguard_http_request_duration_seconds} histogram (its sum and count before and
 * after the run), and the answer's size. References in the same run: {@code GET /health/live} and the
 * JSON API answer of the same incident, {@code GET /api/v1/incidents/{id}}.
 *
 * <p>Usage: {@code web [--incidents N] [--reps N] [--warmup N] [--jdbc URL]}
 */
public final class WebBench {
    static final String SERVICE = "checkout-web";
    static final int METRICS = 10;
    static final int HOURS = 8760;
    static final int SERVICES = 50;
    static final Duration HOUR = Duration.ofHours(1);

    private WebBench() {}

    /** A clock set by hand while the store is filled, the system's once the server runs. */
    static final class SettableClock extends Clock {
        private volatile Instant fixed;

        void set(Instant t) {
            fixed = t;
        }

        void system() {
            fixed = null;
        }

        @Override
        public Instant instant() {
            Instant f = fixed;
            return f != null ? f : Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** One request to time; {@code route} is its label in the server's request histogram. */
    record Target(String label, String path, String route) {}

    record Result(String store, Target target, int status, long bytes, double p50, double p90, double max, double meanClient,
            double meanServer) {}

    public static void main(String[] args) throws Exception {
        int incidents = 10_000;
        int reps = 300;
        int warmup = 200;
        String jdbc = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--incidents" -> incidents = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--jdbc" -> jdbc = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --incidents N, --reps N, --warmup N or --jdbc URL");
            }
        }
        Path dir = Files.createTempDirectory("perfguard-bench-web");
        List<Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            results.addAll(run("SQLite", new Store.Location.Sqlite(dir.resolve("web.db")), incidents, reps, warmup, notes));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        if (jdbc != null) {
            results.addAll(run("PostgreSQL", new Store.Location.Postgres(jdbc, "bench_web_" + System.nanoTime()), incidents, reps,
                    warmup, notes));
        }
        System.out.println();
        System.out.println("| store | request | status | bytes | p50 ms | p90 ms | max ms | mean ms, client | mean ms, server | p50 / API p50 | p50 / live p50 |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            Result api = results.stream().filter(x -> x.store().equals(r.store()) && x.target().route().equals("/api/v1/incidents/{id}"))
                    .findFirst().orElseThrow();
            Result live = results.stream().filter(x -> x.store().equals(r.store()) && x.target().route().equals("/health/live"))
                    .findFirst().orElseThrow();
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |",
                    r.store(), r.target().label(), r.status(), r.bytes(), r.p50(), r.p90(), r.max(), r.meanClient(),
                    r.meanServer(), r.p50() / api.p50(), r.p50() / live.p50()));
        }
        for (String n : notes) {
            System.out.println();
            System.out.println(n);
        }
    }

    private static List<Result> run(String name, Store.Location location, int incidents, int reps, int warmup, List<String> notes)
            throws Exception {
        SettableClock clock = new SettableClock();
        Bootstrap bootstrap = new Bootstrap(Map.of(), clock, InputStream::nullInputStream);
        try (Perfguard perfguard = bootstrap.perfguard(PerfguardConfig.defaults(), location, Perfguard.Use.SERVER)) {
            Instant lastEnded = ReportingWindow.slotStart(Instant.now(), HOUR);
            Instant yearAgo = lastEnded.minus(HOUR.multipliedBy(HOURS));
            IncidentService service = perfguard.incidents();
            Store store = perfguard.store();

            long t0 = System.nanoTime();
            clock.set(yearAgo);
            List<String> metrics = new ArrayList<>();
            List<Discrepancy> ds = new ArrayList<>();
            for (int k = 0; k < METRICS; k++) {
                String metric = "telemetry.http_p95_seconds{route=/api/checkout/step" + k + "}";
                metrics.add(metric);
                List<Evidence.WindowValue> values = new ArrayList<>();
                for (int j = 47; j >= 0; j--) {
                    values.add(new Evidence.WindowValue(yearAgo.minus(HOUR.multipliedBy(j + 1)), j == 0 ? 0.41 + k * 0.01 : 0.22 + (j % 5) * 0.01));
                }
                ds.add(new Discrepancy(metric, new Evidence.TelemetryWindows(0.3, values),
                        List.of(new PanelLink("Checkout latency", URI.create("https://grafana.example/d/checkout?var-step=" + k))), yearAgo));
            }
            String id = service.report(new RegressionReport(SERVICE, ds), "telemetry").stored().incident().id();
            long rows = insertWindows(store, yearAgo, metrics);
            long t1 = System.nanoTime();
            Duration step = HOUR.multipliedBy(HOURS).dividedBy(incidents + 1);
            for (int i = 0; i < incidents; i++) {
                clock.set(yearAgo.plus(step.multipliedBy(i + 1)));
                Discrepancy d = new Discrepancy("lighthouse_" + (i / SERVICES) + ".lcp_ms{page=/search,preset=mobile}",
                        new Evidence.LighthouseDelta(2100, 2500 + (i % 9) * 150, "ms", 5, Optional.of(0.004)),
                        List.of(new PanelLink("Web Vitals", URI.create("https://grafana.example/d/web-vitals"))), clock.instant());
                service.report(new RegressionReport(String.format(Locale.ROOT, "svc-%02d", i % SERVICES), List.of(d)), "ci");
            }
            long t2 = System.nanoTime();
            int dropped = store.inAutoCommit(h -> h.execute("DELETE FROM outbox"));
            clock.system();
            String token = perfguard.tokens().create("bench-web", Role.RESPONDER).token();
            System.err.println(String.format(Locale.ROOT,
                    "web bench, %s: incident %s with %d window results in %.1f s; %d more incidents in %.1f s (%.0f/s); %d outbox rows dropped",
                    name, id, rows, (t1 - t0) / 1e9, incidents, (t2 - t1) / 1e9, incidents / ((t2 - t1) / 1e9), dropped));

            try (Serving serving = perfguard.serve("127.0.0.1", 0, new PrintWriter(System.err, true))) {
                Client client = new Client("http://127.0.0.1:" + serving.port(), token);
                String metric = URLEncoder.encode(metrics.get(0), StandardCharsets.UTF_8);
                List<Target> targets = new ArrayList<>(List.of(
                        new Target("GET /health/live (reference)", "/health/live", "/health/live"),
                        new Target("GET /api/v1/incidents/{id} (reference: the same incident as JSON)", "/api/v1/incidents/" + id,
                                "/api/v1/incidents/{id}"),
                        new Target("**GET /incidents/{id}** (the incident page)", "/incidents/" + id, "/incidents/{id}"),
                        new Target("**GET /incidents?page=1** (newest 50 of " + (incidents + 1) + ")", "/incidents?page=1", "/incidents"),
                        new Target("**GET /incidents?page=150**", "/incidents?page=150", "/incidents")));
                Target series = new Target("GET /incidents/{id}/series?metric=M (one metric, a year hourly)",
                        "/incidents/" + id + "/series?metric=" + metric, "/incidents/{id}/series");
                int seriesStatus = client.get(series.path()).statusCode();
                if (seriesStatus == 200) {
                    targets.add(series);
                } else {
                    notes.add(name + ": " + series.path().replace(id, "{id}") + " answered " + seriesStatus
                            + ": the series endpoint is not there yet, so it was not measured.");
                }
                for (Target t : targets) {
                    HttpResponse<byte[]> r = client.get(t.path());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(name + ": " + t.path() + " answered " + r.statusCode() + ": "
                                + new String(r.body(), 0, Math.min(400, r.body().length), StandardCharsets.UTF_8));
                    }
                }
                for (int w = 0; w < warmup; w++) {
                    for (Target t : targets) {
                        client.get(t.path());
                    }
                }
                List<Result> out = new ArrayList<>();
                for (Target t : targets) {
                    out.add(measure(name, client, t, reps));
                }
                return out;
            }
        }
    }

    /** A year of hourly results of {@code metrics} for the service, the first two days breaching; one transaction. */
    private static long insertWindows(Store store, Instant from, List<String> metrics) {
        Random random = new Random(42);
        return store.inTransaction(h -> {
            long n = 0;
            long now = Instant.now().toEpochMilli();
            for (int chunk = 0; chunk < HOURS; chunk += 500) {
                PreparedBatch batch = h.prepareBatch("""
                        INSERT INTO window_result (service, window_length_ms, window_start_ms, metric, outcome, value, source,
                                                   recorded_by, recorded_ms)
                        VALUES (:service, :len, :start, :metric, :outcome, :value, 'telemetry watch', 'telemetry', :now)""");
                for (int hour = chunk; hour < Math.min(HOURS, chunk + 500); hour++) {
                    for (String m : metrics) {
                        boolean missing = random.nextInt(400) == 0;
                        double v = hour < 48 ? 0.31 + random.nextDouble() * 0.1 : 0.18 + random.nextGaussian() * 0.02;
                        MetricOutcome outcome = missing ? MetricOutcome.NO_DATA
                                : v > 0.3 ? MetricOutcome.BREACH : MetricOutcome.WITHIN_TOLERANCE;
                        batch.bind("service", SERVICE).bind("len", HOUR.toMillis())
                                .bind("start", from.plus(HOUR.multipliedBy(hour)).toEpochMilli()).bind("metric", m)
                                .bind("outcome", outcome.name()).bind("value", missing ? null : (Double) v).bind("now", now).add();
                        n++;
                    }
                }
                batch.execute();
            }
            return n;
        });
    }

    private static Result measure(String store, Client client, Target t, int reps) throws Exception {
        double[] before = client.serverTime(t.route());
        double[] ms = new double[reps];
        HttpResponse<byte[]> last = null;
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            last = client.get(t.path());
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (last.statusCode() != 200) {
                throw new IllegalStateException(t.path() + " answered " + last.statusCode());
            }
        }
        double[] after = client.serverTime(t.route());
        Arrays.sort(ms);
        double mean = Arrays.stream(ms).average().orElse(0);
        double serverMean = after[1] > before[1] ? (after[0] - before[0]) / (after[1] - before[1]) * 1000 : Double.NaN;
        return new Result(store, t, last.statusCode(), last.body().length, percentile(ms, 0.5), percentile(ms, 0.9), ms[ms.length - 1],
                mean, serverMean);
    }

    static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Loopback HTTP/1.1 with a bearer token, one connection reused. */
    static final class Client {
        private static final Pattern SAMPLE = Pattern.compile(
                "^perfguard_http_request_duration_seconds_(sum|count)\\{(.*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;
        private final String token;

        Client(String base, String token) {
            this.base = base;
            this.token = token;
        }

        HttpResponse<byte[]> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }

        /** The server's own {sum in seconds, count} of successful GETs of {@code route}, from /metrics. */
        double[] serverTime(String route) throws Exception {
            String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
            double[] out = new double[2];
            Matcher m = SAMPLE.matcher(text);
            while (m.find()) {
                String labels = m.group(2);
                if (labels.contains("method=\"GET\"") && labels.contains("route=\"" + route + "\"") && labels.contains("status=\"2xx\"")) {
                    out[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(3));
                }
            }
            return out;
        }
    }
}
