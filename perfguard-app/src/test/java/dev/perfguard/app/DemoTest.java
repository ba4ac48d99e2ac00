package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.Closure;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perfguard demo} as a new user meets it: run from a folder as a process, it keeps one store there,
 * says when it resets it, and every command it prints works when pasted into a shell in that folder.
 */
class DemoTest {
    @TempDir Path tmp;

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** {@code ./perfguard ARGS} in {@code dir}: the CLI in its own JVM. */
    private static ProcessBuilder perfguard(Path dir, Map<String, String> env, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"), "dev.perfguard.app.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("PERFGUARD_SERVER");
        pb.environment().remove("PERFGUARD_TOKEN");
        pb.environment().putAll(env);
        return pb;
    }

    record Done(int exit, String out) {}

    private static Done pasted(Path dir, Map<String, String> env, List<String> args) throws Exception {
        Process p = perfguard(dir, env, args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Done(p.exitValue(), out);
    }

    /** Splits a pasted line as a POSIX shell would for what the demo prints: words, single quotes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }

    private List<Path> databases() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve(".perfguard"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".db")).toList();
        }
    }

    @Test
    void oneDemoStoreResetAtEachStartAndEveryPrintedCommandWorksWhenPasted() throws Exception {
        Process demo = perfguard(tmp, Map.of(), List.of("demo", "--fast", "--port", "0")).redirectError(tmp.resolve("demo.err").toFile()).start();
        List<String> printed = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                printed.add(line);
                if (line.startsWith("serving until interrupted")) {
                    break;
                }
            }
            assertThat(printed).as(String.join("\n", printed) + Files.readString(tmp.resolve("demo.err")))
                    .anyMatch(l -> l.startsWith("serving until interrupted"));
            assertThat(databases()).containsExactly(tmp.resolve(".perfguard/demo.db"));

            Map<String, String> env = new HashMap<>();
            List<List<String>> commands = new ArrayList<>();
            for (String line : printed) {
                String l = line.strip();
                if (l.startsWith("export ")) {
                    for (String kv : words(l.substring("export ".length()))) {
                        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                } else if (l.startsWith("./perfguard ")) {
                    commands.add(words(l.substring("./perfguard ".length())));
                }
            }
            assertThat(env).containsKeys("PERFGUARD_SERVER", "PERFGUARD_TOKEN");
            assertThat(commands).anySatisfy(c -> assertThat(c).startsWith("incident", "show"))
                    .anySatisfy(c -> assertThat(c).startsWith("tokens", "create"));
            for (List<String> c : commands) {
                Done d = pasted(tmp, env, c);
                assertThat(d.exit()).as("./perfguard " + String.join(" ", c) + "\n" + d.out()).isZero();
                if (c.get(0).equals("tokens")) {
                    // the token it creates is one the running demo accepts
                    String token = d.out().lines().filter(t -> t.startsWith("pg_")).findFirst()
                            .orElseGet(() -> d.out().replaceAll("(?s).*(pg_[0-9a-f]+).*", "$1"));
                    Map<String, String> mine = new HashMap<>(env);
                    mine.put("PERFGUARD_TOKEN", token);
                    Done list = pasted(tmp, mine, List.of("incident", "list"));
                    assertThat(list.exit()).as(list.out()).isZero();
                    assertThat(list.out()).contains("2 incident(s)");
                }
            }
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        // a second demo starts from an empty store again, in the same file, and says so; without a terminal and with
        // --no-serve it walks the whole runbook and exits
        Done again = pasted(tmp, Map.of(), List.of("demo", "--fast", "--no-serve", "--port", "0"));
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).contains("reset the demo store .perfguard/demo.db").contains("opened PERF-");
        List<String> lines = again.out().lines().toList();
        for (String step : List.of("1. perfguard check", "2. perfguard check", "3. perfguard rag-eval collect", "4. notifications:",
                "5. perfguard incident load-test request", "6. perfguard incident decide", "7. monitoring:",
                "8. perfguard incident close", "9. perfguard incident report")) {
            assertThat(lines).as(again.out()).anyMatch(l -> l.startsWith(step));
        }
        assertThat(again.out()).contains("reporting_window 5 s (--fast)")
                .containsPattern("the target's metrics: (a Prometheus at http://127\\.0\\.0\\.1:\\d+ scraping the target every second"
                        + "|the target's /metrics scraped every second by perfguard itself \\(prometheus is not on the PATH\\))")
                .contains("naive-ranking on -> off in .perfguard/flags.json, done")
                .contains("the target now ranks with bm25")
                .containsPattern("ndcg_cut_10\\s+0\\.3675 -> 0\\.3088 .* REGRESSED")
                .containsPattern("rag\\.online_ndcg_at_10\\{target=demo-target\\} 0\\.\\d{4}, breach \\(below min 0\\.\\d{4}")
                .containsPattern("attached to PERF-\\S+ \\(theo-engine-web/rag\\): the telemetry window as evidence")
                .containsPattern("rag\\.online_ndcg_at_10\\{target=demo-target\\} 0\\.\\d{4} within_tolerance\\]")
                .contains("would send: ticket, page, alert and annotation");
        assertThat(Files.readString(tmp.resolve(".perfguard/flags.json"))).contains("\"DISABLED\"");
        String id = lines.stream().filter(l -> l.startsWith("8. perfguard incident close ")).findFirst().orElseThrow()
                .split(" ")[4];
        assertThat(databases()).containsExactly(tmp.resolve(".perfguard/demo.db"));
        IncidentService s = new IncidentService(Store.open(new Store.Location.Sqlite(tmp.resolve(".perfguard/demo.db"))),
                IncidentService.Settings.defaults(), Clock.systemUTC());
        assertThat(s.list(Optional.empty(), 0, 10).total()).isEqualTo(2); // the Lighthouse incident and the rag one
        Incident closed = s.get(id).incident();
        assertThat(closed.state()).isEqualTo(IncidentState.CLOSED);
        assertThat(closed.closure()).hasValueSatisfying(c -> assertThat(c.basis()).isInstanceOf(Closure.Basis.GatePassed.class));
        assertThat(closed.triggeringMetrics()).contains("rag.ndcg_cut_10{dataset=cranfield}", "rag.online_ndcg_at_10{target=demo-target}");
        // evidence from rag_eval and from telemetry on the one incident the demo walks to closure
        assertThat(closed.discrepancies()).anySatisfy(d -> assertThat(d.evidence()).isInstanceOf(Evidence.RagEvalChange.class))
                .anySatisfy(d -> assertThat(d.evidence()).isInstanceOf(Evidence.TelemetryWindows.class));
        Path report = tmp.resolve(".perfguard/" + id + "-report.md");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains(id);
        assertThat(tmp.resolve(".perfguard/" + id + "-lessons.md")).exists();
        assertThat(again.out()).contains("9. perfguard incident report " + id + " > .perfguard/" + id + "-report.md");
    }

    @Test
    void aBusyPortIsBadInputBeforeTheDemoDoesAnything() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Path db = tmp.resolve("demo.db");
            Run demo = Run.of("demo", "--db", db.toString(), "--port", Integer.toString(port), "--no-serve");
            assertThat(demo.exit()).as(demo.err()).isEqualTo(2);
            assertThat(demo.err()).contains("port " + port + " is in use; choose another with --port");
            assertThat(demo.out()).doesNotContain("opened PERF-");
            assertThat(db).doesNotExist();

            Run serve = Run.of("serve", "--db", tmp.resolve("serve.db").toString(), "--port", Integer.toString(port));
            assertThat(serve.exit()).as(serve.err()).isEqualTo(2);
            assertThat(serve.err()).contains("port " + port + " is in use; choose another with --port")
                    .doesNotContain("internal error");
        }
    }
}
