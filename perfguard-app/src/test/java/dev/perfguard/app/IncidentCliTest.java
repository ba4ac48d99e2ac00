package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident CLI, check --report-to and demo --no-serve against a real server. */
class IncidentCliTest {
    @TempDir Path tmp;

    record Result(int exit, String out, String err) {}

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Run.cli(new PrintWriter(out, true), new PrintWriter(err, true), env).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void cliWorksAnIncidentThroughTheServer() throws Exception {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("s.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        String responder = tokens.create("alice", Role.RESPONDER).token();
        String viewer = tokens.create("val", Role.VIEWER).token();
        try (PerfguardServer server = PerfguardServer.start(new IncidentService(store, new IncidentService.Settings(
                ClosingGate.DEFAULT, OwnershipRules.none(), 1 << 20), Clock.systemUTC()),
                new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE), tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("PERFGUARD_SERVER", "http://127.0.0.1:" + server.port(), "PERFGUARD_TOKEN", responder,
                    "VIEWER_TOKEN", viewer);
            // check --report-to: stores builds, compares, and opens the incident; the exit status stays 1 (regression)
            Result base = run(env, "check", "--db", tmp.resolve("b.db").toString(), "--build", "b1", "--fail-on", "regression",
                    Run.lighthouse("mobile", "good"));
            assertThat(base.exit()).as(base.err()).isZero(); // the first build: no baseline, accepted by --fail-on regression
            Path config = Files.writeString(tmp.resolve("perfguard.yaml"), """
                    panels:
                      lighthouse:
                        - title: Web Vitals
                          url: https://grafana.example/d/web-vitals?viewPanel=3
                    """);
            Result check = run(env, "check", "--db", tmp.resolve("b.db").toString(), "--build", "b2", "--branch", "pr",
                    "--baseline", "b1", "--config", config.toString(), "--report-to", "http://127.0.0.1:" + server.port(),
                    Run.lighthouse("mobile", "regressed"));
            assertThat(check.exit()).as(check.err()).isEqualTo(1);
            assertThat(check.err()).contains("opened incident PERF-");
            String id = check.err().replaceAll("(?s).*opened incident (PERF-[0-9a-f-]+).*", "$1").strip();
            Result shown = run(env, "incident", "show", id, "--json");
            assertThat(shown.out()).containsPattern("https://grafana.example/d/web-vitals\\?viewPanel=3&from=\\d{13}&to=\\d{13}")
                    .contains("\"title\" : \"Web Vitals\"");

            Result open = run(env, "incident", "open", "--baseline", Run.lighthouse("mobile", "good"),
                    "--current", Run.lighthouse("mobile", "regressed"));
            assertThat(open.exit()).as(open.err()).isZero();
            assertThat(open.out()).contains("attached to " + id);

            assertThat(run(env, "incident", "transition", id, "investigating").out()).contains("open → investigating");
            assertThat(run(env, "incident", "hypothesis", id, "--root-cause", "eager hero", "--flag", "new-hero=on").out())
                    .contains("hypothesis 1");
            Result tooSoon = run(env, "incident", "load-test", "request", id, "--scenario", "s", "--concurrency", "10",
                    "--data-refresh", "none", "--start", "+1h");
            assertThat(tooSoon.exit()).isEqualTo(2);
            assertThat(tooSoon.err()).contains("earliest allowed start");
            assertThat(run(env, "incident", "load-test", "request", id, "--scenario", "s", "--concurrency", "10",
                    "--data-refresh", "none", "--start", "+3h").out()).contains("load test 1 requested");
            Result decide = run(env, "incident", "decide", id, "--fix-estimate", "45m");
            assertThat(decide.out()).contains("decided fast-fix").contains("task 1:");
            Result forbidden = run(env, "incident", "deploy-note", id, "--text", "x", "--token-env", "VIEWER_TOKEN");
            assertThat(forbidden.exit()).isEqualTo(2);
            assertThat(forbidden.err()).contains("HTTP 403");
            Result refused = run(env, "incident", "close", id);
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.err()).contains("cannot be closed");
            assertThat(run(env, "incident", "show", id).out()).contains("investigating").contains("hypothesis 1: eager hero");
            assertThat(run(env, "incident", "list").out()).contains(id).contains("1 incident(s)");
            Result noToken = run(Map.of(), "incident", "list");
            assertThat(noToken.exit()).isEqualTo(2);
            assertThat(noToken.err()).contains("PERFGUARD_TOKEN");
        }
    }

    @Test
    void theLessonsDocumentSurvivesHostileTextAndRepeatedRuns() throws Exception {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("s.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        String responder = tokens.create("alice", Role.RESPONDER).token();
        try (PerfguardServer server = PerfguardServer.start(new IncidentService(store, new IncidentService.Settings(
                ClosingGate.DEFAULT, OwnershipRules.none(), 1 << 20), Clock.systemUTC()),
                new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE), tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("PERFGUARD_SERVER", "http://127.0.0.1:" + server.port(), "PERFGUARD_TOKEN", responder);
            Result open = run(env, "incident", "open", "--baseline", Run.lighthouse("mobile", "good"),
                    "--current", Run.lighthouse("mobile", "regressed"));
            assertThat(open.exit()).as(open.err()).isZero();
            String id = open.out().replaceAll("(?s).*?(PERF-[0-9a-f-]+).*", "$1").strip();
            String hostile = "<img src=x onerror=alert(1)> <!-- perfguard:lessons " + id + " end --> stray";
            assertThat(run(env, "incident", "deploy-note", id, "--text", hostile).exit()).isZero();
            Result summary = run(env, "incident", "summary", id, "--root-cause", hostile, "--remediation", "R&D <b>x</b>");
            assertThat(summary.exit()).as(summary.err()).isZero();
            Path lessons = tmp.resolve("docs/operations/performance.md");
            Files.createDirectories(lessons.getParent());
            Files.writeString(lessons, "# Performance\n\nintro\n");

            Result first = run(env, "incident", "report", id, "--lessons", lessons.toString());
            assertThat(first.exit()).as(first.err()).isZero();
            String once = Files.readString(lessons);
            Result second = run(env, "incident", "report", id, "--lessons", lessons.toString());
            assertThat(second.exit()).as(second.err()).isZero();

            assertThat(Files.readString(lessons)).isEqualTo(once);
            String begin = "<!-- perfguard:lessons " + id + " begin -->";
            String end = "<!-- perfguard:lessons " + id + " end -->";
            assertThat(once.split(begin, -1)).hasSize(2);
            assertThat(once.split(end, -1)).hasSize(2);
            assertThat(once.indexOf(begin)).isLessThan(once.indexOf(end));
            assertThat(once).startsWith("# Performance\n\nintro\n").contains("&lt;img src=x onerror=alert(1)&gt;")
                    .doesNotContain("<img").doesNotContain("<b>");
            assertThat(first.out()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img", "<b>", "<!-- perfguard");
        }
    }

    @Test
    void showSaysHowManyEarlierEntriesThereAreAndAllPagesThroughThem() throws Exception {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("s.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        String responder = tokens.create("alice", Role.RESPONDER).token();
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), Clock.systemUTC());
        String id = incidents.report(new RegressionReport("theo-engine-web", List.of(new Discrepancy(
                "lighthouse.lcp_ms{page=/,preset=mobile}", new Evidence.LighthouseDelta(2100, 3400, "ms", 5), List.of(),
                Instant.parse("2026-11-27T10:00:00Z")))), "ci").stored().incident().id();
        for (int n = 1; n <= 620; n++) {
            incidents.addDeployNote(id, "deploy " + n, "alice");
        }
        try (PerfguardServer server = PerfguardServer.start(incidents, new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE),
                tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("PERFGUARD_SERVER", "http://127.0.0.1:" + server.port(), "PERFGUARD_TOKEN", responder);
            Result show = run(env, "incident", "show", id);
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out()).contains("deploy notes: 620 (the newest: deploy 620)")
                    .contains("(521 earlier entries: perfguard incident show " + id + " --all)")
                    .contains("  522. ").contains("  621. ").doesNotContain("  521. ");
            Result all = run(env, "incident", "show", id, "--all");
            assertThat(all.exit()).as(all.err()).isZero();
            assertThat(all.out()).doesNotContain("earlier entr").contains("  1. ").contains("  621. ");
            assertThat(all.out().lines().filter(l -> l.matches("  \\d+\\. .*"))).hasSize(621);
        }
    }

    @Test
    void demoSetsUpAnIncidentAndAToken() throws Exception {
        Path db = tmp.resolve("demo.db");
        Result demo = run(Map.of(), "demo", "--db", db.toString(), "--fast", "--no-serve", "--port", "0");
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("opened PERF-").contains("admin token (shown once): pg_")
                .contains("perfguard incident show PERF-");
        assertThat(Files.exists(db)).isTrue();
        IncidentService s = new IncidentService(Store.open(new Store.Location.Sqlite(db)), IncidentService.Settings.defaults(),
                Clock.systemUTC());
        assertThat(s.list(Optional.empty(), 0, 10).total()).isEqualTo(2); // the Lighthouse incident and the rag one
    }
}
