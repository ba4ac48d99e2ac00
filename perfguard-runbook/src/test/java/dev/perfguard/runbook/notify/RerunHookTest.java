package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast-fix branch's rerun hook against a stub of GitHub's workflow_dispatch, and its record on the incident. */
class RerunHookTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    @TempDir Path tmp;
    GitHubDispatchStub github = new GitHubDispatchStub(List.of("perfguard_incident"));

    @AfterEach
    void stop() {
        github.close();
    }

    RerunHook hook(Map<String, String> inputs, String token) {
        return new RerunHook(new RerunHook.Settings(github.dispatchUrl(), "GH_TOKEN", "main", inputs),
                Map.of("GH_TOKEN", token)::get, Channels.httpClient());
    }

    @Test
    void aDispatchCarriesTheRefAndTheIncidentAsAnInput() {
        RerunHook.Triggered t = hook(Map.of("perfguard_incident", "{incident}"), GitHubDispatchStub.TOKEN).trigger("PERF-1");
        assertThat(t.status()).isEqualTo(204);
        assertThat(github.dispatches).singleElement().satisfies(b -> {
            assertThat(b.path("ref").asText()).isEqualTo("main");
            assertThat(b.path("inputs").path("perfguard_incident").asText()).isEqualTo("PERF-1");
        });
        assertThat(github.server.requests().getFirst().header("Accept")).isEqualTo("application/vnd.github+json");
    }

    @Test
    void aRefusalIsARemoteErrorWithGitHubsMessageAndNeverTheToken() {
        assertThatThrownBy(() -> hook(Map.of("other", "x"), GitHubDispatchStub.TOKEN).trigger("PERF-1"))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("HTTP 422")
                .hasMessageContaining("Unexpected inputs provided: [other]")
                .satisfies(e -> assertThat(((PerfguardException) e).code()).isEqualTo(ErrorCode.REMOTE));
        assertThatThrownBy(() -> hook(Map.of(), "ghp_wrong").trigger("PERF-1"))
                .hasMessageContaining("HTTP 401 (Bad credentials)").hasMessageNotContaining("ghp_wrong");
        RerunHook noToken = new RerunHook(new RerunHook.Settings(github.dispatchUrl(), "GH_TOKEN", "main", Map.of()),
                Map.<String, String>of()::get, Channels.httpClient());
        assertThatThrownBy(() -> noToken.trigger("PERF-1")).hasMessageContaining("environment variable GH_TOKEN");
        assertThat(github.dispatches).isEmpty();
    }

    @Test
    void theIncidentRecordsTheRerunOnlyOnTheFastFixBranch() {
        MutableClock clock = new MutableClock(T0);
        try (Store store = TestStores.open(TestStores.Kind.SQLITE, tmp)) {
            IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), clock,
                    OutboxRouting.console(), Optional.of(hook(Map.of("perfguard_incident", "{incident}"), GitHubDispatchStub.TOKEN)));
            String id = incidents.report(new RegressionReport("web", List.of(new Discrepancy("lighthouse.lcp_ms",
                    new Evidence.LighthouseDelta(2100, 3400, "ms", 5), List.of(), T0))), "ci").stored().incident().id();
            assertThatThrownBy(() -> incidents.requestRerun(id, "alice")).hasMessageContaining("has no decision yet");
            incidents.decide(id, MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), "alice");
            assertThatThrownBy(() -> incidents.requestRerun(id, "alice")).hasMessageContaining("took no-immediate-fix");
            assertThat(github.dispatches).isEmpty();

            String fast = incidents.report(new RegressionReport("shop", List.of(new Discrepancy("lighthouse.lcp_ms",
                    new Evidence.LighthouseDelta(2100, 3400, "ms", 5), List.of(), T0))), "ci").stored().incident().id();
            incidents.decide(fast, MitigationFacts.fix(Duration.ofMinutes(45), false), "alice");
            var after = incidents.requestRerun(fast, "alice").incident();
            TimelineEntry last = after.timeline().getLast();
            assertThat(last.kind()).isEqualTo(TimelineEntry.Kind.NOTE);
            assertThat(last.what()).contains("rerun requested from CI", "HTTP 204 for ref main");
            assertThat(github.dispatches).singleElement()
                    .satisfies(b -> assertThat(b.path("inputs").path("perfguard_incident").asText()).isEqualTo(fast));

            github.server.failNext(Stub.Reply.json(503, "{\"message\":\"Service unavailable\"}"));
            assertThatThrownBy(() -> incidents.requestRerun(fast, "alice")).hasMessageContaining("HTTP 503");
            assertThat(incidents.get(fast).incident().timeline().getLast().what()).startsWith("rerun request failed:")
                    .contains("HTTP 503");
        }
    }

    @Test
    void withoutAHookTheRerunIsRefused() {
        try (Store store = TestStores.open(TestStores.Kind.SQLITE, tmp)) {
            IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), new MutableClock(T0));
            assertThat(incidents.rerunConfigured()).isFalse();
            assertThatThrownBy(() -> incidents.requestRerun("PERF-1", "alice")).hasMessageContaining("no rerun hook is configured");
        }
    }
}
