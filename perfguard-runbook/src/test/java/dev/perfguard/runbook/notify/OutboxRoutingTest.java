package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxRoutingTest {

    private static List<Message> change(Incident before, Incident after) {
        return OutboxRouting.messages(Optional.of(before), after,
                after.timeline().subList(before.timeline().size(), after.timeline().size()));
    }

    private static List<Class<?>> kinds(List<Message> messages) {
        return messages.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void openingGivesTheOpeningMessageOnly() {
        Incident opened = Incident.open("INC-7", "theo-engine-web", NotifyFixtures.opened().discrepancies(), "ci",
                NotifyFixtures.at(0));
        List<Message> ms = OutboxRouting.messages(Optional.empty(), opened, opened.timeline());
        assertThat(kinds(ms)).containsExactly(Message.IncidentOpened.class);
    }

    @Test
    void theFirstTransitionIsTheAcknowledgementLaterOnesAreMilestones() {
        Incident open = Incident.open("INC-7", "theo-engine-web", NotifyFixtures.opened().discrepancies(), "ci",
                NotifyFixtures.at(0));
        Incident taken = open.transition(IncidentState.INVESTIGATING, "alice", NotifyFixtures.at(5));
        List<Message> first = change(open, taken);
        assertThat(first).containsExactly(new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5)));

        Incident mitigating = taken.transition(IncidentState.MITIGATING, "bob", NotifyFixtures.at(9));
        assertThat(kinds(change(taken, mitigating))).containsExactly(Message.Milestone.class);
    }

    @Test
    void aLoadTestRequestGoesToDevOpsAndTheTicket() {
        Incident before = NotifyFixtures.opened();
        Incident after = before.requestLoadTest(new LoadTestPlan(List.of("search-burst"), 150, "none",
                NotifyFixtures.at(30).plus(Duration.ofHours(2))), "alice", NotifyFixtures.at(30));
        List<Message> ms = change(before, after);
        assertThat(kinds(ms)).containsExactly(Message.Milestone.class, Message.LoadTestSlotRequested.class);
        Message.LoadTestSlotRequested slot = (Message.LoadTestSlotRequested) ms.get(1);
        assertThat(slot.number()).isEqualTo(1);
        assertThat(slot.concurrency()).isEqualTo(150);

        Incident second = after.requestLoadTest(new LoadTestPlan(List.of("long-answers"), 40, "none",
                NotifyFixtures.at(40).plus(Duration.ofHours(3))), "bob", NotifyFixtures.at(40));
        assertThat(((Message.LoadTestSlotRequested) change(after, second).get(1)).number()).isEqualTo(2);
        // confirming the slot is a milestone only
        Incident confirmed = second.confirmLoadTest(1, "devops", NotifyFixtures.at(41));
        assertThat(kinds(change(second, confirmed))).containsExactly(Message.Milestone.class);
    }

    @Test
    void aNewArtefactIsUploadedAndCommented() {
        Incident before = NotifyFixtures.opened();
        ArtefactRef ref = new ArtefactRef("perf_metrics.json", "a".repeat(64), 42, "alice", NotifyFixtures.at(16));
        Incident after = before.addArtefact(ref);
        List<Message> ms = change(before, after);
        assertThat(kinds(ms)).containsExactly(Message.Milestone.class, Message.ArtefactAdded.class);
        assertThat(((Message.ArtefactAdded) ms.get(1)).name()).isEqualTo("perf_metrics.json");
    }

    @Test
    void notificationEntriesAreNotSentAgain() {
        Incident before = NotifyFixtures.opened();
        Incident after = before.note(TimelineEntry.Kind.NOTIFICATION, "console would send: ...", "perfguard-notify",
                NotifyFixtures.at(17));
        assertThat(change(before, after)).isEmpty();
        Incident noted = after.note(TimelineEntry.Kind.NOTE, "checked the CDN", "alice", NotifyFixtures.at(18));
        assertThat(kinds(change(after, noted))).containsExactly(Message.Milestone.class);
    }

    @Test
    void theDecisionAndTheClosingKeepTheirMessages() {
        Incident opened = NotifyFixtures.opened();
        Incident decided = NotifyFixtures.decided();
        Incident withLoadTest = opened.requestLoadTest(decided.loadTests().get(0).plan(), "alice", NotifyFixtures.at(20));
        assertThat(kinds(change(withLoadTest, decided)))
                .containsExactly(Message.MitigationDecided.class, Message.DevOpsDmNeeded.class);
        Incident closed = NotifyFixtures.closed();
        List<TimelineEntry> closing = closed.timeline().subList(closed.timeline().size() - 1, closed.timeline().size());
        assertThat(closing.get(0).kind()).isEqualTo(TimelineEntry.Kind.CLOSED);
        assertThat(kinds(OutboxRouting.messages(Optional.of(closed), closed, closing))).containsExactly(Message.Closed.class);
    }

    /** The rows {@code routing} writes for the whole of the decided fixture (opened, acknowledged, decided, ...), decoded. */
    private static List<Message> written(OutboxRouting routing, Path dir) {
        Incident decided = NotifyFixtures.decided();
        try (Store store = TestStores.open(TestStores.Kind.SQLITE, dir)) {
            store.inTransaction(h -> {
                routing.write(h, Optional.empty(), decided, decided.timeline(), Instant.EPOCH);
                return null;
            });
            return new StoreOutbox(store, "t", Duration.ofMinutes(2)).claimDue(Instant.EPOCH.plusSeconds(1), 100).stream()
                    .map(r -> MessageCodec.fromJson(r.payloadJson())).toList();
        }
    }

    @Test
    void withIncidentPagesEveryStoredMessageLinksToItsIncidentsPage(@TempDir Path tmp) {
        List<Message> stored = written(OutboxRouting.to(List.of(Channels.console()), Optional.of(NotifyFixtures.PAGES)), tmp);

        assertThat(kinds(stored)).contains(Message.IncidentOpened.class, Message.Acknowledged.class, Message.Milestone.class,
                Message.MitigationDecided.class, Message.DevOpsDmNeeded.class, Message.LoadTestSlotRequested.class);
        assertThat(stored).allSatisfy(m -> assertThat(m.incidentPage()).contains(NotifyFixtures.PAGE));
    }

    @Test
    void withoutIncidentPagesNoStoredMessageLinksToAPage(@TempDir Path tmp) {
        List<Message> stored = written(OutboxRouting.to(List.of(Channels.console())), tmp);

        assertThat(stored).isNotEmpty().allSatisfy(m -> assertThat(m.incidentPage()).isEmpty());
    }

    @Test
    void thePageIsUnderThePublicUrlWithOrWithoutItsTrailingSlashAndAPath() {
        assertThat(new IncidentPages(URI.create("https://perfguard.example.com")).of("INC-7")).isEqualTo(NotifyFixtures.PAGE);
        assertThat(NotifyFixtures.PAGES.of("INC-7")).isEqualTo(NotifyFixtures.PAGE);
        assertThat(new IncidentPages(URI.create("http://ops.example.com/perfguard/")).of("INC-12"))
                .isEqualTo(URI.create("http://ops.example.com/perfguard/incidents/INC-12"));
        for (String bad : List.of("perfguard.example.com", "ftp://perfguard.example.com", "https://perfguard.example.com/?x=1",
                "https://user@perfguard.example.com", "/incidents")) {
            assertThatThrownBy(() -> new IncidentPages(URI.create(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.public_url");
        }
    }
}
