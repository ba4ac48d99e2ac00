package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Incident;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    static List<Message> everyKind() {
        Incident decided = NotifyFixtures.decided();
        Incident closed = NotifyFixtures.closed();
        return List.of(
                Messages.opened(decided),
                Messages.acknowledged(decided, "alice", NotifyFixtures.at(5)),
                Messages.milestone(decided, decided.timeline().get(2)),
                Messages.decided(decided),
                Messages.loadTestRequested(decided, 1),
                Messages.devopsDm(decided).orElseThrow(),
                Messages.artefactAdded(decided, new ArtefactRef("rag_eval-8f3c2a1.json",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 48213, "perfguard-ci", NotifyFixtures.at(16))),
                Messages.closed(closed));
    }

    @Test
    void everyKindRoundTripsAndKindsAreDistinct() {
        List<Message> all = everyKind();
        assertThat(all.stream().map(m -> m.getClass()).collect(Collectors.toSet()))
                .hasSize(Message.class.getPermittedSubclasses().length);
        for (Message m : all) {
            String json = MessageCodec.toJson(m);
            assertThat(json).contains("\"kind\":\"" + m.kind() + "\"", "\"v\":1");
            assertThat(MessageCodec.fromJson(json)).isEqualTo(m);
        }
        assertThat(all.stream().map(Message::kind).collect(Collectors.toSet())).hasSize(all.size());
    }

    @Test
    void theIncidentPageRoundTripsAndPayloadsStoredWithoutItStillRead() {
        for (Message m : everyKind()) {
            Message linked = m.withIncidentPage(NotifyFixtures.PAGE);
            String json = MessageCodec.toJson(linked);
            assertThat(json).contains("\"incidentPage\":\"https://perfguard.example.com/incidents/INC-7\"");
            assertThat(MessageCodec.fromJson(json)).isEqualTo(linked);
            assertThat(MessageCodec.toJson(m)).doesNotContain("incidentPage");
        }
        // a row written before the field existed
        Message old = MessageCodec.fromJson("{\"kind\":\"acknowledged\",\"v\":1,\"incidentId\":\"INC-7\",\"by\":\"alice\","
                + "\"at\":\"2026-11-27T08:05:00Z\"}");
        assertThat(old).isEqualTo(new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5)));
        assertThat(old.incidentPage()).isEmpty();
        assertBad("{\"kind\":\"acknowledged\",\"v\":1,\"incidentId\":\"INC-7\",\"by\":\"a\",\"at\":\"2026-11-27T08:00:00Z\","
                + "\"incidentPage\":42}", "acknowledged.incidentPage has the wrong type");
    }

    @Test
    void messagesCarryTheDomainValues() {
        Message.MitigationDecided d = Messages.decided(NotifyFixtures.decided());
        assertThat(d.branch()).isEqualTo("no-immediate-fix");
        assertThat(d.containment()).contains("feature-flag-rollback");
        assertThat(d.devopsDmNeeded()).isTrue();
        assertThat(d.tasks()).allMatch(t -> t.startsWith("[ ] "));
        Message.Closed c = Messages.closed(NotifyFixtures.closed());
        assertThat(c.basis()).isEqualTo("closed by admin override: verified by hand on the dashboards");
        assertThat(c.followUps()).extracting(Message.FollowUpRow::squad).containsExactly("search-quality", "unowned");
        Message.IncidentOpened o = NotifyFixtures.openedMessage();
        assertThat(o.panels()).hasSize(1); // the same panel on both metrics is listed once
        assertThat(o.squad()).isEqualTo("search-quality");
        assertThat(o.metrics().get(0).failingQueryIds()).containsExactly("q-0017", "q-0342");
    }

    @Test
    void damagedPayloadsAreBadInputNamingTheField() {
        assertBad("[]", "not a JSON object");
        assertBad("{\"kind\":\"telegram\",\"v\":1}", "kind 'telegram' is unknown");
        assertBad("{\"kind\":\"acknowledged\",\"v\":2,\"incidentId\":\"INC-7\",\"by\":\"a\",\"at\":\"2026-11-27T08:00:00Z\"}", "version 2");
        assertBad("{\"kind\":\"acknowledged\",\"v\":1,\"incidentId\":\"INC-7\",\"at\":\"2026-11-27T08:00:00Z\"}",
                "field acknowledged.by is missing");
        assertBad("{\"kind\":\"acknowledged\",\"v\":1,\"incidentId\":\"INC-7\",\"by\":\"a\",\"at\":\"yesterday\"}",
                "acknowledged.at is not an ISO-8601 instant");
        assertBad("{\"kind\":\"acknowledged\",\"v\":1,\"incidentId\":\"INC\\\" OR project != \\\"X\",\"by\":\"a\",\"at\":\"2026-11-27T08:00:00Z\"}",
                "outbox payload acknowledged is invalid: incident id 'INC\" OR project != \"X' is invalid");
        assertBad("{\"kind\":\"milestone\",\"v\":1,\"incidentId\":\"INC-7\",\"seq\":\"x\",\"who\":\"a\",\"at\":\"2026-11-27T08:00:00Z\",\"what\":\"w\"}",
                "milestone.seq has the wrong type");
    }

    private static void assertBad(String json, String message) {
        assertThatThrownBy(() -> MessageCodec.fromJson(json)).isInstanceOf(PerfguardException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PerfguardException) e).code()).isEqualTo(ErrorCode.BAD_INPUT));
    }

    @Test
    void routingGivesOneRowPerHandlingChannelWithStableDedupKeys() {
        Channel console = Channels.console();
        Message.Milestone m = Messages.milestone(NotifyFixtures.decided(), NotifyFixtures.decided().timeline().get(2));
        List<Channels.Outbound> rows = Channels.route(m, List.of(console));
        assertThat(rows).containsExactly(new Channels.Outbound("console", "INC-7:milestone:3:console", MessageCodec.toJson(m)));
        assertThat(Channels.route(m, List.of(console))).isEqualTo(rows);
        Set<String> keys = everyKind().stream().map(x -> Channels.dedupKey(x, "jira")).collect(Collectors.toSet());
        assertThat(keys).hasSize(everyKind().size());
        assertThat(Channels.dedupKey(NotifyFixtures.openedMessage(), "pagerduty")).isEqualTo("INC-7:incident-opened:pagerduty");
    }
}
