package dev.perfguard.app.web;

import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A real server with the web pages on a loopback port over a real store, one token per role, a settable clock. */
final class WebFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-27T10:20:00Z");
    static final String LCP = "lighthouse.lcp_ms{page=/search}";

    final Store store;
    final MutableClock clock = new MutableClock(T0);
    final IncidentService incidents;
    final WebUi web;
    final PerfguardServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    WebFixture(Path tmp) {
        this(tmp, TestStores.Kind.SQLITE);
    }

    WebFixture(Path tmp, TestStores.Kind kind) {
        store = TestStores.open(kind, tmp);
        ApiTokens apiTokens = new ApiTokens(store, clock);
        for (Role r : Role.values()) {
            tokens.put(r, apiTokens.create(r.wireName() + "-user", r).token());
        }
        incidents = new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.of(List.of(new OwnershipRules.Rule("web-perf", "lighthouse.*"))), 1024 * 1024), clock);
        StoreOutbox outbox = new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE);
        web = new WebUi(incidents, apiTokens, clock, id -> Optional.of(URI.create("https://jira.example/browse/PERF-1")));
        server = PerfguardServer.start(incidents, outbox, apiTokens, clock, "theo-engine-web", "127.0.0.1", 0,
                new dev.perfguard.app.server.ServerMetrics(outbox, incidents, Set.of()), Optional.of(web));
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    String token(Role role) {
        return tokens.get(role);
    }

    /** Opens an incident whose LCP went from 2,100 ms to {@code current} and answers its id. */
    String openIncident(double current) {
        Discrepancy d = new Discrepancy(LCP, new Evidence.LighthouseDelta(2100, current, "ms", 5, Optional.of(0.004)),
                List.of(new PanelLink("Web Vitals", URI.create("https://grafana.example/d/web-vitals"))), clock.instant());
        return incidents.report(new RegressionReport("theo-engine-web", List.of(d)), "ci").stored().incident().id();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
