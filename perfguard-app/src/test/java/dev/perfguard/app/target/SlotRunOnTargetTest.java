package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.Run;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.LoadTestRequest;
import dev.perfguard.core.incident.LoadTestState;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perfguard incident load-test run} against the real demo target on loopback and a real server: a confirmed
 * slot runs, attaches its artefacts and completes with the verdict the thresholds and the retrieval check give.
 */
class SlotRunOnTargetTest {
    static final int QUERIES = 60;

    @TempDir Path tmp;

    @Test
    void aConfirmedSlotRunsAndCompletesWithTheVerdictOfItsThresholdsAndRetrievalCheck() throws Exception {
        List<String> lines = Cranfield.resource("queries.jsonl").lines().limit(QUERIES).toList();
        Path queries = Files.writeString(tmp.resolve("queries.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Set<String> ids = lines.stream().map(l -> TargetClient.json(l).get("query_id").asText()).collect(Collectors.toSet());
        Path qrels = Files.writeString(tmp.resolve("cranfield.qrels"), Cranfield.resource("qrels.txt").lines()
                .filter(l -> ids.contains(l.split("\\s+")[0])).collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        Path flags = tmp.resolve("flags.json");
        TargetClient.writeFlags(flags, TargetClient.flags("false", false));

        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("s.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), Clock.systemUTC());
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(flags), new PrintWriter(new StringWriter()));
                PerfguardServer server = PerfguardServer.start(incidents, new StoreOutbox(store, "t", StoreOutbox.DEFAULT_LEASE),
                        tokens, Clock.systemUTC(), "search", "127.0.0.1", 0)) {
            Instant now = Instant.now();
            String id = incidents.report(new RegressionReport("search", List.of(new Discrepancy("edge.latency_p95_s",
                    new Evidence.TelemetryWindows(0.3, List.of(new Evidence.WindowValue(now, 0.5))), List.of(), now))), "test")
                    .stored().incident().id();
            for (int n = 1; n <= 5; n++) {
                incidents.requestLoadTest(id, new LoadTestPlan(List.of("search"), 50, "none", now.plus(Duration.ofHours(3))), "alice");
                if (n != 4) {
                    incidents.confirmLoadTest(id, n, "devops");
                }
            }
            Map<String, String> env = Map.of("PERFGUARD_SERVER", "http://127.0.0.1:" + server.port(),
                    "PERFGUARD_TOKEN", tokens.create("alice", Role.RESPONDER).token());
            Path fast = scenario("fast.yaml", target, queries, "http_req_failed: [\"rate<0.01\"]");
            Path strict = scenario("strict.yaml", target, queries, "http_req_duration: [\"p(99)<1\"]");

            Run early = Run.with(env, "incident", "load-test", "run", id, "1", "--scenario", fast.toString());
            assertThat(early.exit()).isEqualTo(2);
            assertThat(early.err()).contains("starts at").contains("--now");

            Run accept = Run.with(env, "incident", "load-test", "run", id, "1", "--now", "--scenario", fast.toString(),
                    "--queries", queries.toString(), "--qrels", qrels.toString());
            assertThat(accept.exit()).as(accept.out() + accept.err()).isZero();
            LoadTestFinding f1 = finding(incidents, id, 1);
            assertThat(f1.verdict()).isEqualTo(LoadTestFinding.Verdict.ACCEPT);
            assertThat(f1.summary()).contains("http_req_failed rate<0.01 passed", "ndcg_cut_10", "p(rand)");
            assertThat(f1.recollected()).anySatisfy(m -> {
                assertThat(m.metric()).isEqualTo("rag.ndcg_cut_10");
                assertThat(m.dataset()).isEqualTo("cranfield");
                assertThat(m.value()).isGreaterThan(0.2);
            });
            assertThat(incidents.get(id).incident().artefacts()).extracting(a -> a.name()).contains("loadtest-1-started.txt",
                    "loadtest-1-summary.json", "loadtest-1-latency.hlog", "loadtest-1-latency-over-time.json");
            assertThat(new String(incidents.artefact(id, "loadtest-1-summary.json"), StandardCharsets.UTF_8)).contains("http_reqs");

            Run twice = Run.with(env, "incident", "load-test", "run", id, "1", "--now", "--scenario", fast.toString());
            assertThat(twice.exit()).isEqualTo(2);
            assertThat(twice.err()).contains("is done, not confirmed");

            // the before-run with BM25, then the target ranks naively during and after the test
            Path before = tmp.resolve("before.run");
            Run collected = Run.of("rag-eval", "collect", "--endpoint", target.uri() + "search", "--queries", queries.toString(),
                    "--out", before.toString());
            assertThat(collected.exit()).as(collected.err()).isZero();
            TargetClient.writeFlags(flags, TargetClient.flags("false", true));
            Run rollback = Run.with(env, "incident", "load-test", "run", id, "2", "--now", "--scenario", fast.toString(),
                    "--queries", queries.toString(), "--qrels", qrels.toString(), "--before", before.toString());
            assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isEqualTo(1);
            LoadTestFinding f2 = finding(incidents, id, 2);
            assertThat(f2.verdict()).isEqualTo(LoadTestFinding.Verdict.ROLLBACK);
            assertThat(f2.summary()).contains("significant drop: ndcg_cut_10 dropped by");
            TargetClient.writeFlags(flags, TargetClient.flags("false", false));

            Run slow = Run.with(env, "incident", "load-test", "run", id, "3", "--now", "--scenario", strict.toString(),
                    "--queries", queries.toString(), "--qrels", qrels.toString());
            assertThat(slow.exit()).as(slow.out() + slow.err()).isEqualTo(1);
            LoadTestFinding f3 = finding(incidents, id, 3);
            assertThat(f3.verdict()).isEqualTo(LoadTestFinding.Verdict.ROLLBACK);
            assertThat(f3.summary()).contains("threshold http_req_duration p(99)<1 FAILED");

            Run unconfirmed = Run.with(env, "incident", "load-test", "run", id, "4", "--now", "--scenario", fast.toString());
            assertThat(unconfirmed.exit()).isEqualTo(2);
            assertThat(unconfirmed.err()).contains("is requested, not confirmed");
            assertThat(incidents.get(id).incident().artefacts()).noneMatch(a -> a.name().startsWith("loadtest-4-"));

            // slot 5 was started before (by serve, cut short): refused, then run once more under other names; without
            // the retrieval check there are no re-collected metrics, so the slot stays confirmed
            incidents.addArtefact(id, "loadtest-5-started.txt", "started".getBytes(StandardCharsets.UTF_8), "perfguard-serve");
            Run started = Run.with(env, "incident", "load-test", "run", id, "5", "--now", "--scenario", fast.toString());
            assertThat(started.exit()).isEqualTo(2);
            assertThat(started.err()).contains("was started before", "--again");
            Run again = Run.with(env, "incident", "load-test", "run", id, "5", "--now", "--again", "--scenario", fast.toString());
            assertThat(again.exit()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).contains("left confirmed");
            assertThat(incidents.get(id).incident().loadTests().get(4).state()).isEqualTo(LoadTestState.CONFIRMED);
            assertThat(incidents.get(id).incident().artefacts()).extracting(a -> a.name())
                    .contains("loadtest-5-run2-started.txt", "loadtest-5-run2-summary.json");
        } finally {
            store.close();
        }
    }

    private Path scenario(String name, DemoTarget target, Path queries, String threshold) throws Exception {
        return Files.writeString(tmp.resolve(name), """
                target: %s
                queries: %s
                requests:
                  - path: /search?q={{query}}&k=10
                stages:
                  - {executor: constant-arrival-rate, rate: 50, duration: 3s, max_in_flight: 100}
                max_requests: 1000
                thresholds:
                  %s
                """.formatted(target.uri(), queries.getFileName(), threshold));
    }

    private static LoadTestFinding finding(IncidentService incidents, String id, int number) {
        LoadTestRequest r = incidents.get(id).incident().loadTests().get(number - 1);
        assertThat(r.state()).isEqualTo(LoadTestState.DONE);
        return r.finding().orElseThrow();
    }
}
