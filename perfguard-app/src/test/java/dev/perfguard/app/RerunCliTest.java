package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.RerunSettings;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.GitHubDispatchStub;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.RerunHook;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast-fix rerun from the command line and the API, and the next build's check attached to the incident. */
class RerunCliTest {
    @TempDir Path tmp;

    @Test
    void theRerunAsksCiAndTheNextChecksReportLandsOnTheIncident() {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("s.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        try (GitHubDispatchStub github = new GitHubDispatchStub(List.of("perfguard_incident"))) {
            RerunHook hook = new RerunHook(new RerunHook.Settings(github.dispatchUrl(), "GH_TOKEN", "main",
                    Map.of("perfguard_incident", "{incident}")), Map.of("GH_TOKEN", GitHubDispatchStub.TOKEN)::get,
                    Channels.httpClient());
            IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), Clock.systemUTC(),
                    OutboxRouting.console(), Optional.of(hook));
            try (PerfguardServer server = PerfguardServer.start(incidents, new StoreOutbox(store, "t", StoreOutbox.DEFAULT_LEASE),
                    tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
                String url = "http://127.0.0.1:" + server.port();
                Map<String, String> env = Map.of("PERFGUARD_SERVER", url, "PERFGUARD_TOKEN", tokens.create("alice", Role.RESPONDER).token());
                String db = tmp.resolve("b.db").toString();
                assertThat(Run.with(env, "check", "--db", db, "--build", "b1", "--fail-on", "regression",
                        Run.lighthouse("mobile", "good")).exit()).isZero();
                Run first = Run.with(env, "check", "--db", db, "--build", "b2", "--branch", "pr", "--baseline", "b1",
                        "--report-to", url, Run.lighthouse("mobile", "regressed"));
                String id = first.err().replaceAll("(?s).*opened incident (PERF-[0-9a-f-]+).*", "$1").strip();

                Run early = Run.with(env, "incident", "rerun", id);
                assertThat(early.exit()).isEqualTo(3); // the server's 409: a conflict with the incident's state
                assertThat(early.err()).contains("has no decision yet");
                assertThat(Run.with(env, "incident", "decide", id, "--fix-estimate", "45m").exit()).isZero();
                Run rerun = Run.with(env, "incident", "rerun", id);
                assertThat(rerun.exit()).as(rerun.err()).isZero();
                assertThat(github.dispatches).singleElement()
                        .satisfies(b -> assertThat(b.path("inputs").path("perfguard_incident").asText()).isEqualTo(id));

                // the workflow's next build: fixed, so no regression, and its report still lands on the incident
                Run fixed = Run.with(env, "check", "--db", db, "--build", "b3", "--branch", "pr", "--baseline", "b1",
                        "--report-to", url, "--incident", id, Run.lighthouse("mobile", "good"));
                assertThat(fixed.exit()).as(fixed.err()).isZero();
                assertThat(fixed.err()).contains("no regression, nothing reported", "attached check-b3.md to incident " + id);
                assertThat(incidents.get(id).incident().artefacts()).anySatisfy(a -> assertThat(a.name()).isEqualTo("check-b3.md"));
                assertThat(new String(incidents.artefact(id, "check-b3.md"))).contains("b3");

                Run usage = Run.with(env, "check", "--db", db, "--build", "b4", "--incident", id, Run.lighthouse("mobile", "good"));
                assertThat(usage.exit()).isEqualTo(2);
                assertThat(usage.err()).contains("--incident needs --report-to URL");
            }
        } finally {
            store.close();
        }
    }

    @Test
    void theRerunSectionIsValidatedWithTheKeyNamed() {
        ConfigLoader loader = new ConfigLoader();
        var ok = loader.parse("p.yaml", """
                rerun:
                  url: https://api.github.com/repos/theo/web/actions/workflows/perf.yml/dispatches
                  token_env: GITHUB_TOKEN
                  inputs: {perfguard_incident: "{incident}"}
                """).rerun();
        assertThat(RerunSettings.of(ok)).hasValueSatisfying(s -> {
            assertThat(s.ref()).isEqualTo("main");
            assertThat(s.inputs()).containsEntry("perfguard_incident", "{incident}");
        });
        assertThat(RerunSettings.of(loader.parse("p.yaml", "service: x\n").rerun())).isEmpty();
        assertThatThrownBy(() -> loader.parse("p.yaml", "rerun:\n  url: api.github.com/x\n  token_env: T\n"))
                .hasMessageContaining("p.yaml:2: key 'rerun.url'").hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> loader.parse("p.yaml", "rerun:\n  url: https://api.github.com/x\n"))
                .hasMessageContaining("rerun.token_env");
        assertThatThrownBy(() -> loader.parse("p.yaml", "rerun:\n  token_env: T\n")).hasMessageContaining("rerun.url");
    }
}
