package dev.perfguard.runbook.store;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL of a test's own, for tests that stop the database under perfguard (the shared one
 * of {@code PERFGUARD_TEST_PG_URL} must stay up): {@code initdb} into a temporary folder, {@code pg_ctl start}
 * on a free loopback port, {@link #stop} mid-test, {@link #close} removes it. As root the server runs as the
 * {@code postgres} user, as {@code scripts/lib.sh} does. Without PostgreSQL's binaries the test is skipped,
 * unless {@code PERFGUARD_REQUIRE_POSTGRES=1}, where it fails.
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> asPostgres;

    private LocalPostgres(Path bin, Path dir, int port, List<String> asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    public static LocalPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("perfguard-pg-test");
        List<String> asPostgres = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            if (run(List.of("id", "postgres"), null) != 0) {
                run(List.of("useradd", "--system", "--home-dir", dir.toString(), "postgres"), null);
            }
            run(List.of("chown", "postgres", dir.toString()), null);
            asPostgres.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LocalPostgres pg = new LocalPostgres(bin, dir, port, asPostgres);
        pg.pgRequire(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"));
        pg.pgRequire(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Stops the server at once ({@code -m immediate}), as a crash or an operator would. */
    public void stop() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void pgRequire(List<String> command) throws IOException, InterruptedException {
        if (pg(command) != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(dir.resolve("pg.log"))
                    + (Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : ""));
        }
    }

    private int pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asPostgres);
        full.addAll(command);
        return run(full, dir.resolve("pg.log"));
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", command) + " did not finish within 120 s");
        }
        return p.exitValue();
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        String msg = "PostgreSQL's binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin) are needed to stop a database under a test";
        if ("1".equals(System.getenv("PERFGUARD_REQUIRE_POSTGRES"))) {
            throw new IllegalStateException("PERFGUARD_REQUIRE_POSTGRES=1 but " + msg);
        }
        abort("skipped: " + msg);
        throw new AssertionError("unreachable");
    }
}
