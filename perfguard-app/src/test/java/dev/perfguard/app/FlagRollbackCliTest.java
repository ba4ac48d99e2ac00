package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.app.server.ServerMetrics;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.FlagdFile;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perfguard incident rollback|rollback-approve|rollback-deny|flags} against a real server over a flagd file. */
class FlagRollbackCliTest {
    static final String FLAGS = """
            {
              "$schema": "https://flagd.dev/schema/v0/flags.json",
              "flags": {
                "new-ranker": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
                "slow-ranker": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}
              }
            }
            """;

    @TempDir Path tmp;

    @Test
    void aRollbackIsRequestedApprovedByAnotherResponderAndTurnsTheFlagOff() throws Exception {
        Path file = tmp.resolve("flags.json");
        Files.writeString(file, FLAGS);
        FlagdFile flagd = FlagdFile.at(file);
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("s.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        String alice = tokens.create("alice", Role.RESPONDER).token();
        String bob = tokens.create("bob", Role.RESPONDER).token();
        OutboxRouting routing = OutboxRouting.console();
        IncidentService incidents = new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.none(), 1 << 20), Clock.systemUTC(), routing).withFlagCapture(FlagService.capture(flagd));
        FlagService flags = new FlagService(store, flagd, incidents, routing, FlagService.DEFAULT_LOOKBACK);
        StoreOutbox outbox = new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE);
        try (PerfguardServer server = PerfguardServer.start(incidents, outbox, tokens, Clock.systemUTC(), "theo-engine-web",
                "127.0.0.1", 0, new ServerMetrics(outbox, incidents, Set.of()), Optional.empty(), Optional.of(flags))) {
            String url = "http://127.0.0.1:" + server.port();
            Map<String, String> env = Map.of("PERFGUARD_SERVER", url, "PERFGUARD_TOKEN", alice, "BOB_TOKEN", bob);
            IncidentCliTest.Result open = IncidentCliTest.run(env, "incident", "open", "--baseline", Run.lighthouse("mobile", "good"),
                    "--current", Run.lighthouse("mobile", "regressed"));
            assertThat(open.exit()).as(open.err()).isZero();
            String id = open.out().replaceAll("(?s).*?(PERF-[0-9a-f-]+).*", "$1").strip();
            transcript("incident open", open);

            IncidentCliTest.Result early = IncidentCliTest.run(env, "incident", "rollback", id, "--flag", "new-ranker");
            assertThat(early.exit()).isEqualTo(3);
            assertThat(early.err()).contains("decide it first: perfguard incident decide " + id + " --containment feature-flag-rollback");

            IncidentCliTest.Result decide = IncidentCliTest.run(env, "incident", "decide", id, "--containment", "feature-flag-rollback");
            assertThat(decide.exit()).as(decide.err()).isZero();
            transcript("incident decide", decide);
            IncidentCliTest.Result request = IncidentCliTest.run(env, "incident", "rollback", id, "--flag", "new-ranker");
            assertThat(request.exit()).as(request.err()).isZero();
            assertThat(request.out()).contains("rollback 1 flag new-ranker off [requested] requested by alice")
                    .contains("rollback 1 requested: turn flag new-ranker off (now on); DevOps asked for approval");
            transcript("incident rollback", request);
            assertThat(outbox.list(StoreOutbox.State.PENDING, 100)).filteredOn(e -> e.dedupKey().contains("devops-dm-needed"))
                    .hasSize(2);

            IncidentCliTest.Result self = IncidentCliTest.run(env, "incident", "rollback-approve", id, "1");
            assertThat(self.exit()).isEqualTo(3);
            assertThat(self.err()).contains("another responder (DevOps) approves it");
            assertThat(flagd.get("new-ranker").orElseThrow().enabled()).isTrue();

            IncidentCliTest.Result approve = IncidentCliTest.run(env, "incident", "rollback-approve", id, "1", "--token-env", "BOB_TOKEN");
            assertThat(approve.exit()).as(approve.err()).isZero();
            assertThat(approve.out()).contains("[done]").contains("approved by bob").contains("on → off")
                    .contains("task 2 done: Roll the change back with its feature flag");
            transcript("incident rollback-approve", approve);
            assertThat(Files.readString(file)).contains("\"state\" : \"DISABLED\"");
            assertThat(flagd.value("new-ranker")).isEmpty();

            IncidentCliTest.Result again = IncidentCliTest.run(env, "incident", "rollback-approve", id, "1", "--token-env", "BOB_TOKEN");
            assertThat(again.exit()).isEqualTo(3);
            assertThat(again.err()).contains("nothing to approve");

            IncidentCliTest.Result shown = IncidentCliTest.run(env, "incident", "flags", id);
            assertThat(shown.exit()).as(shown.err()).isZero();
            assertThat(shown.out()).contains("flag store: flagd:" + file).contains("the opening of " + id + ": new-ranker=on slow-ranker=off")
                    .contains("1 flag new-ranker off [done] requested by alice");
            transcript("incident flags", shown);
            IncidentCliTest.Result show = IncidentCliTest.run(env, "incident", "show", id);
            transcript("incident show", show);

            IncidentCliTest.Result unknown = IncidentCliTest.run(env, "incident", "rollback", id, "--flag", "old-ranker");
            assertThat(unknown.exit()).isNotZero();
            assertThat(unknown.err()).contains("flag old-ranker is not in flagd:");
            IncidentCliTest.Result both = IncidentCliTest.run(env, "incident", "rollback", id);
            assertThat(both.exit()).isEqualTo(2);

            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/openapi.json"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.body()).contains("/api/v1/incidents/{id}/rollbacks/{n}/approve").contains("/api/v1/incidents/{id}/flags");
        }
    }

    private static void transcript(String what, IncidentCliTest.Result r) {
        System.out.println("$ perfguard " + what + "\n" + r.out() + r.err());
    }
}
