package dev.perfguard.app.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.telemetry.Observation;
import dev.perfguard.core.telemetry.TelemetrySource;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the demo reads the target's online quality gauge: a real Prometheus scraping the target every second when
 * {@code prometheus} is on the PATH, else an embedded scrape of the target's {@code /metrics} every second. Either
 * is a {@link TelemetrySource}, so the demo's telemetry expectation is judged by the same evaluator as in
 * {@code perfguard serve}.
 */
sealed interface DemoMetrics extends AutoCloseable {
    String GAUGE = "demo_target_quality_ndcg_at_10";

    /** One line for the output: which of the two it is. */
    String describe();

    /** The gauge now, four decimals, or empty when it is absent or cannot be read. */
    Optional<String> quality();

    /** The telemetry source the demo's expectation is evaluated against. */
    TelemetrySource source();

    @Override
    void close();

    /** A Prometheus if one can be started, else the embedded scrape; {@code why} is said in {@link #describe()}. */
    static DemoMetrics start(URI target, Path folder) {
        Optional<Path> binary = onPath("prometheus");
        if (binary.isEmpty()) {
            return new Embedded(target, "prometheus is not on the PATH");
        }
        try {
            return Scraped.start(binary.get(), target, folder);
        } catch (IOException e) {
            return new Embedded(target, "prometheus did not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Embedded(target, "interrupted while prometheus started");
        }
    }

    /**
     * The target's {@code /metrics}, scraped by perfguard itself every second: as a source it answers the bare gauge
     * name only, at a time with the last sample scraped at or before it (within Prometheus' five-minute lookback).
     */
    final class Embedded implements DemoMetrics, TelemetrySource {
        static final Duration LOOKBACK = Duration.ofMinutes(5);

        private final URI target;
        private final String why;
        private final ConcurrentSkipListMap<Instant, Double> samples = new ConcurrentSkipListMap<>();
        private final ScheduledExecutorService scraper;

        Embedded(URI target, String why) {
            this.target = target;
            this.why = why;
            this.scraper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("demo-scrape").factory());
            scraper.scheduleAtFixedRate(this::scrape, 0, 1, TimeUnit.SECONDS);
        }

        /**
         * Stamps a sample when its answer has come, not when the scrape began as Prometheus does: a slow scrape
         * would otherwise date a value read after a change to before it.
         */
        private void scrape() {
            Optional<Double> value = gauge(target);
            Instant answered = Instant.now();
            value.ifPresent(v -> samples.put(answered, v));
            samples.headMap(answered.minus(LOOKBACK)).clear();
        }

        @Override
        public String describe() {
            return "the target's /metrics scraped every second by perfguard itself (" + why + ")";
        }

        @Override
        public Optional<String> quality() {
            return gauge(target).map(DemoMetrics::fixed);
        }

        @Override
        public TelemetrySource source() {
            return this;
        }

        @Override
        public Observation at(String query, Instant time) {
            if (!query.strip().equals(GAUGE)) {
                return new Observation.Failed("the embedded scrape answers only the query " + GAUGE + ", not " + query);
            }
            Map.Entry<Instant, Double> last = samples.floorEntry(time);
            if (last == null || last.getKey().isBefore(time.minus(LOOKBACK))) {
                return new Observation.NoData("no sample of " + GAUGE + " scraped in the five minutes before " + time);
            }
            return new Observation.Value(last.getValue(), GAUGE);
        }

        @Override
        public void close() {
            scraper.shutdownNow();
        }
    }

    /** A Prometheus the demo started, scraping the target every second, stopped with the demo. */
    record Scraped(Process process, URI url, Path log, PrometheusClient client) implements DemoMetrics {
        static Scraped start(Path binary, URI target, Path folder) throws IOException, InterruptedException {
            Path dir = folder.resolve("prometheus");
            Path data = dir.resolve("data");
            // an earlier demo's series (another target port) would still answer the query for five minutes
            if (Files.isDirectory(data)) {
                try (Stream<Path> old = Files.walk(data)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                    + "  - job_name: demo-target\n    static_configs:\n      - targets: ['" + target.getHost() + ":" + target.getPort()
                    + "']\n", StandardCharsets.UTF_8);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(binary.toString(), "--storage.tsdb.path=" + data,
                    "--web.listen-address=127.0.0.1:" + port, "--config.file=" + config)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-demo-prometheus"));
            URI url = URI.create("http://127.0.0.1:" + port);
            Scraped s = new Scraped(p, url, log, new PrometheusClient(url, Duration.ofSeconds(5)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("exited with " + p.exitValue() + " (log: " + log + ")");
                }
                if (get(s.url.resolve("/-/ready")).isPresent()) {
                    return s;
                }
                Thread.sleep(200);
            }
            s.close();
            throw new IOException("not ready within 30 s (log: " + log + ")");
        }

        @Override
        public String describe() {
            return "a Prometheus at " + url + " scraping the target every second (log: " + DemoRunbook.relative(log) + ")";
        }

        @Override
        public Optional<String> quality() {
            return get(url.resolve("/api/v1/query?query=" + URLEncoder.encode(GAUGE, StandardCharsets.UTF_8))).flatMap(body -> {
                try {
                    JsonNode result = new ObjectMapper().readTree(body).path("data").path("result");
                    return result.isEmpty() ? Optional.empty()
                            : Optional.of(fixed(Double.parseDouble(result.get(0).path("value").get(1).asText())));
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            });
        }

        @Override
        public TelemetrySource source() {
            return new PrometheusSource(client);
        }

        @Override
        public void close() {
            client.close();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The gauge as the target's {@code /metrics} shows it now, empty when absent or unreadable. */
    static Optional<Double> gauge(URI target) {
        return get(target.resolve("/metrics")).flatMap(text -> text.lines().filter(l -> l.startsWith(GAUGE + " "))
                .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst());
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The body of a 200 answer, else empty. */
    private static Optional<String> get(URI uri) {
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, binary);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
