package dev.perfguard.app.server;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A real server on a loopback port over a real store (SQLite unless told), with one token per role. */
final class TestServer implements AutoCloseable {
    final PerfguardServer server;
    final Store store;
    final MutableClock clock;
    final Http http;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    TestServer(Path tmp) {
        this(tmp, TestStores.Kind.SQLITE);
    }

    TestServer(Path tmp, TestStores.Kind kind) {
        store = TestStores.open(kind, tmp);
        clock = new MutableClock(ServerTest.T0);
        ApiTokens apiTokens = new ApiTokens(store, clock);
        for (Role r : Role.values()) {
            tokens.put(r, apiTokens.create(r.wireName() + "-user", r).token());
        }
        server = PerfguardServer.start(new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.of(List.of(new OwnershipRules.Rule("web-perf", "lighthouse.*"))), 1024), clock),
                new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE), apiTokens, clock, "theo-engine-web", "127.0.0.1", 0);
        http = new Http("http://127.0.0.1:" + server.port());
    }

    int port() {
        return server.port();
    }

    /** Opens an incident and answers its id. */
    String openIncident() {
        Http.Answer a = http.post(PerfguardServer.API + "/incidents", tokens.get(Role.RESPONDER), ServerTest.report(3400));
        if (a.status() != 201) {
            throw new IllegalStateException("could not open an incident: " + a);
        }
        return a.json().path("incident").path("id").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
