package dev.perfguard.runbook.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.runbook.notify.Channel;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.DeliveryContext;
import dev.perfguard.runbook.notify.Dispatcher;
import dev.perfguard.runbook.notify.Messages;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The console channel, the default, writes what would be sent onto the incident's timeline, once, without a loop. */
class ConsoleTimelineTest {

    @TempDir Path tmp;

    private static List<String> notifications(Incident i) {
        return i.timeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.NOTIFICATION).map(TimelineEntry::what).toList();
    }

    /** Runs passes a few seconds apart (messages wait for their incident's opening) until two find nothing. */
    private static int deliverAll(Dispatcher d, MutableClock clock) {
        int delivered = 0;
        int idle = 0;
        for (int pass = 0; pass < 20; pass++) {
            Dispatcher.Report r = d.runOnce();
            delivered += r.delivered();
            idle = r.claimed() == 0 ? idle + 1 : 0;
            if (idle == 2) {
                return delivered;
            }
            clock.set(clock.instant().plusSeconds(2));
        }
        throw new AssertionError("the outbox never drained: notifications are feeding back into it");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void consoleNotesLandOnTheTimelineOnceAndDoNotFeedBack(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        MutableClock clock = new MutableClock(IncidentServiceTest.T0);
        Channel console = Channels.console(new TimelineNotes(store, clock));
        IncidentService s = new IncidentService(store, IncidentService.Settings.defaults(), clock,
                OutboxRouting.to(List.of(console)));
        StoreOutbox outbox = new StoreOutbox(store, "t", Duration.ofMinutes(2));
        Dispatcher dispatcher = new Dispatcher(outbox, Map.of("console", console),
                Backoff.DEFAULT, new Random(1), clock, 50, 3, Duration.ofSeconds(30));

        String id = s.report(new RegressionReport("theo-engine-web", List.of(IncidentServiceTest.lcp(3400), IncidentServiceTest.tbt())), "ci")
                .stored().incident().id();
        s.transition(id, IncidentState.INVESTIGATING, "alice");
        s.addDeployNote(id, "deploy 412 shipped the new hero image", "alice");
        s.addArtefact(id, "perf_metrics.json", "{\"lcp\":3400}".getBytes(StandardCharsets.UTF_8), "alice");
        s.requestLoadTest(id, IncidentServiceTest.plan(IncidentServiceTest.T0.plus(Duration.ofHours(3))), "alice");

        // opened, acknowledged, deploy note, artefact milestone + upload, load-test milestone + slot request
        assertThat(deliverAll(dispatcher, clock)).isEqualTo(7);
        Incident after = s.get(id).incident();
        List<String> notes = notifications(after);
        assertThat(notes).hasSize(4);
        assertThat(notes.get(0)).startsWith("console (no notify channel configured) would send: ticket, page, alert and"
                + " annotation \"Performance regression " + id + ": lighthouse.lcp_ms").contains("2 metric(s)");
        assertThat(notes).anySatisfy(n -> assertThat(n).endsWith("acknowledgement by alice at 2026-11-27 10:20 UTC"));
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("ticket attachment perf_metrics.json (12 bytes)"));
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("load-test slot request 1 to DevOps: search-burst at"
                + " concurrency 200, data refresh reindex golden corpus, start 2026-11-27 13:20 UTC"));
        assertThat(after.timeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.NOTIFICATION))
                .allSatisfy(e -> assertThat(e.who()).isEqualTo(TimelineNotes.WHO));
        // the notes routed nothing: every outbox row is one of the seven delivered messages
        assertThat(outbox.list(StoreOutbox.State.DELIVERED, 100)).hasSize(7);
        assertThat(outbox.list(StoreOutbox.State.PENDING, 100)).isEmpty();

        // a redelivery (the dispatcher crashed after writing the note) adds nothing
        long version = s.get(id).version();
        assertThat(console.deliver(Messages.opened(after), DeliveryContext.first("again"))).isNotNull();
        assertThat(notifications(s.get(id).incident())).hasSize(4);
        assertThat(s.get(id).version()).isEqualTo(version);

        s.decide(id, MitigationFacts.fix(Duration.ofMinutes(45), false), "alice");
        s.transition(id, IncidentState.MITIGATING, "alice");
        s.transition(id, IncidentState.MONITORING, "alice");
        s.writeSummary(id, "hero image eager", "lazy-load it", "alice");
        assertThat(deliverAll(dispatcher, clock)).isEqualTo(4); // the decision, two transitions, the summary
        assertThat(notifications(s.get(id).incident())).hasSize(5)
                .anySatisfy(n -> assertThat(n).startsWith("console (no notify channel configured) would send: decision fast-fix"));

        // closing: the closed timeline is left alone and the message is still delivered (logged)
        clock.set(Instant.parse("2026-11-27T13:00:00Z"));
        s.closeWithOverride(id, "verified on the dashboards", "root");
        int before = s.get(id).incident().timeline().size();
        assertThat(deliverAll(dispatcher, clock)).isEqualTo(1);
        assertThat(s.get(id).incident().timeline()).hasSize(before);
        assertThat(outbox.list(StoreOutbox.State.DEAD, 100)).isEmpty();
    }
}
