package dev.perfguard.signals.prometheus;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus for tests: backfills a TSDB from OpenMetrics text with {@code promtool tsdb
 * create-blocks-from openmetrics}, then starts {@code prometheus} over it on a free loopback port
 * with a retention long enough for any backfilled time and no scrape targets. {@link #close()}
 * stops it. Debian's package may also run a system service; this instance is separate.
 *
 * <p>When {@code prometheus} or {@code promtool} is not on the PATH the test is skipped, unless
 * {@code PERFGUARD_REQUIRE_PROMETHEUS=1} (set by {@code scripts/test}), where it fails instead.
 */
public final class LocalPrometheus implements AutoCloseable {
    public static final String INSTALL_HINT = "apt-get install --no-install-recommends prometheus "
            + "(scripts/test does this through perfguard_apt_install prometheus)";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI url;
    private final Path log;

    private LocalPrometheus(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Whether both binaries are on the PATH; skips or fails the calling test as described above when not. */
    public static void requireBinaries() {
        boolean found = onPath("prometheus") && onPath("promtool");
        if (!found) {
            String msg = "prometheus and promtool must be on the PATH for the real-Prometheus tests; install them with " + INSTALL_HINT;
            if ("1".equals(System.getenv("PERFGUARD_REQUIRE_PROMETHEUS"))) {
                throw new IllegalStateException("PERFGUARD_REQUIRE_PROMETHEUS=1 but " + msg);
            }
            abort("skipped: " + msg + " (or set PERFGUARD_REQUIRE_PROMETHEUS=1 to fail instead)");
        }
    }

    /** Backfills {@code openMetrics} into a TSDB under {@code dir}, then starts Prometheus on it. */
    public static LocalPrometheus start(Path dir, String openMetrics) throws IOException, InterruptedException {
        requireBinaries();
        Path om = dir.resolve("history.om.txt");
        Path data = dir.resolve("data");
        Files.writeString(om, openMetrics, StandardCharsets.UTF_8);
        run(dir.resolve("promtool.log"), "promtool", "tsdb", "create-blocks-from", "openmetrics", om.toString(), data.toString());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n", StandardCharsets.UTF_8);
        return startOn(dir, data, config, freePort());
    }

    /**
     * Starts Prometheus with an empty TSDB under {@code dir} and {@code config} as its {@code prometheus.yml}:
     * a test that wants it to scrape something names the target there.
     */
    public static LocalPrometheus scraping(Path dir, String config) throws IOException, InterruptedException {
        requireBinaries();
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        return startOn(dir, dir.resolve("data"), file, freePort());
    }

    /** Starts Prometheus on an existing TSDB folder and port (a restart after {@link #close()}). */
    static LocalPrometheus startOn(Path dir, Path data, Path config, int port) throws IOException, InterruptedException {
        Path log = dir.resolve("prometheus-" + port + ".log");
        Process p = new ProcessBuilder("prometheus", "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port, "--config.file=" + config)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalPrometheus prom = new LocalPrometheus(p, URI.create("http://127.0.0.1:" + port), log);
        // a JVM that ends without close() (killed test run) still takes its Prometheus with it
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-prometheus-" + port));
        try {
            prom.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            prom.close();
            throw e;
        }
        return prom;
    }

    public URI url() {
        return url;
    }

    public boolean running() {
        return process.isAlive();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("prometheus exited with " + process.exitValue() + ": " + tail());
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("prometheus was not ready within " + STEP_TIMEOUT.toSeconds() + "s: " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }

    /** Stops Prometheus (TERM, then KILL after 10 s) and waits for it to exit. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
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

    private static void run(Path log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", command) + " did not finish within " + STEP_TIMEOUT.toSeconds() + "s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }
}
