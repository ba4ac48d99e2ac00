package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Dispatcher;
import dev.perfguard.runbook.notify.OutboxPort;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxCliTest {

    @TempDir Path tmp;

    @Test
    void aDeadLetterIsListedAndRetrySendsItAgain() {
        Path db = tmp.resolve("p.db");
        Store store = Store.open(new Store.Location.Sqlite(db));
        IncidentService incidents = new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.of(List.of()), IncidentService.Settings.DEFAULT_MAX_ARTEFACT_BYTES), Clock.systemUTC());
        incidents.report(new RegressionReport("theo-engine-web", List.of(new Discrepancy("lighthouse.lcp_ms{page=/,preset=mobile}",
                new Evidence.LighthouseDelta(2100, 3400, "ms", 5), List.of(), Instant.now()))), "ci");
        StoreOutbox outbox = new StoreOutbox(store, "test", Duration.ofMinutes(2));
        List<OutboxPort.Row> rows = outbox.claimDue(Instant.now(), 10);
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.channel()).isEqualTo("console"));
        String id = rows.get(0).id();
        outbox.markDead(id, 1, "HTTP 400: Invalid routing key", Instant.now());

        Run dead = Run.of("outbox", "list", "--state", "dead", "--db", db.toString());
        assertThat(dead.exit()).isZero();
        assertThat(dead.out()).startsWith(id + "\tconsole\t").contains(":incident-opened:console\t1\t")
                .contains("HTTP 400: Invalid routing key");
        assertThat(Run.of("outbox", "list", "--state", "pending", "--db", db.toString()).out()).isEmpty();

        Run retry = Run.of("outbox", "retry", id, "--db", db.toString());
        assertThat(retry.exit()).isZero();
        assertThat(retry.out()).contains(id + " is pending again");
        assertThat(Run.of("outbox", "list", "--state", "dead", "--db", db.toString()).out()).isEmpty();
        assertThat(Run.of("outbox", "list", "--state", "pending", "--db", db.toString()).out()).startsWith(id + "\t");

        Dispatcher d = Dispatcher.withDefaults(outbox, Map.of("console", Channels.console()), Clock.systemUTC());
        assertThat(d.runOnce()).isEqualTo(new Dispatcher.Report(1, 1, 0, 0));
        assertThat(Run.of("outbox", "list", "--state", "delivered", "--db", db.toString()).out())
                .startsWith(id + "\tconsole\t").contains("console:");

        Run again = Run.of("outbox", "retry", id, "--db", db.toString());
        assertThat(again.exit()).isEqualTo(3); // CONFLICT, as the API's 409
        assertThat(again.err()).contains("outbox message " + id + " is delivered, not dead");
        Run unknown = Run.of("outbox", "retry", "no-such-id", "--db", db.toString());
        assertThat(unknown.exit()).isEqualTo(2); // NOT_FOUND, as the API's 404
        assertThat(unknown.err()).contains("no outbox message no-such-id");
        assertThat(Run.of("outbox", "list", "--state", "lost", "--db", db.toString()).err())
                .contains("outbox state 'lost' is not one of pending, delivered, dead");
    }

    @Test
    void anEmptyListSaysSo() {
        Path db = tmp.resolve("empty.db");
        Run dead = Run.of("outbox", "list", "--db", db.toString());
        assertThat(dead.exit()).isZero();
        assertThat(dead.out()).isEmpty();
        assertThat(dead.err()).contains("no dead letters");
        Run pending = Run.of("outbox", "list", "--state", "pending", "--db", db.toString());
        assertThat(pending.out()).isEmpty();
        assertThat(pending.err()).contains("no pending messages");
    }
}
