package dev.perfguard.runbook.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the configured channels (the composition root calls this once) and routes messages to them.
 * Secrets are read here, from the environment variables the settings name; a missing variable is a
 * {@code CONFIG} error naming it.
 */
public final class Channels {

    /** Per-request timeout of every vendor call. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private Channels() {}

    /** An HTTP client for the channels: HTTP/1.1 or 2, a connect timeout, and redirects never followed. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** As {@link #create(NotifySettings, Function, HttpClient, Clock, ArtefactSource, Timeline)}, the console logging only. */
    public static Map<String, Channel> create(NotifySettings settings, Function<String, String> env, HttpClient client,
            Clock clock, ArtefactSource artefacts) {
        return create(settings, env, client, clock, artefacts, Timeline.NONE);
    }

    /**
     * The channels of {@code settings} by name, in the order jira, pagerduty, slack, grafana; just
     * {@code console} when none is configured, writing its notes to {@code timeline}.
     */
    public static Map<String, Channel> create(NotifySettings settings, Function<String, String> env, HttpClient client,
            Clock clock, ArtefactSource artefacts, Timeline timeline) {
        Objects.requireNonNull(settings, "settings");
        Map<String, Channel> out = new LinkedHashMap<>();
        settings.jira().ifPresent(j -> {
            Secret user = Secret.fromEnv(env, j.userEnv(), "notify.jira.user_env");
            Secret token = Secret.fromEnv(env, j.tokenEnv(), "notify.jira.token_env");
            Redactor redactor = Redactor.NONE.name(user.reveal()).credential(token.reveal()).basic(user.reveal(), token.reveal());
            out.put(JiraChannel.NAME, new JiraChannel(j,
                    new Endpoint(JiraChannel.NAME, j.url(), client, REQUEST_TIMEOUT, clock, redactor), user, token, artefacts));
        });
        settings.pagerDuty().ifPresent(p -> {
            Secret key = Secret.fromEnv(env, p.routingKeyEnv(), "notify.pagerduty.routing_key_env");
            out.put(PagerDutyChannel.NAME, new PagerDutyChannel(p, new Endpoint(PagerDutyChannel.NAME, p.url(), client,
                    REQUEST_TIMEOUT, clock, Redactor.NONE.credential(key.reveal())), key));
        });
        settings.slack().ifPresent(s -> {
            Secret token = Secret.fromEnv(env, s.tokenEnv(), "notify.slack.token_env");
            out.put(SlackChannel.NAME, new SlackChannel(s, new Endpoint(SlackChannel.NAME, s.url(), client,
                    REQUEST_TIMEOUT, clock, Redactor.NONE.credential(token.reveal())), token));
        });
        settings.grafana().ifPresent(g -> {
            Secret token = Secret.fromEnv(env, g.tokenEnv(), "notify.grafana.token_env");
            out.put(GrafanaChannel.NAME, new GrafanaChannel(g, new Endpoint(GrafanaChannel.NAME, g.url(), client,
                    REQUEST_TIMEOUT, clock, Redactor.NONE.credential(token.reveal())), token));
        });
        if (out.isEmpty()) {
            out.put(ConsoleChannel.NAME, new ConsoleChannel(timeline));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The console channel alone, logging only (routing defaults, tests). */
    public static Channel console() {
        return new ConsoleChannel(Timeline.NONE);
    }

    /** The console channel writing its notes to {@code timeline}. */
    public static Channel console(Timeline timeline) {
        return new ConsoleChannel(timeline);
    }

    /** One outbox row to insert: the channel, the row's dedup key (unique in the outbox) and the payload JSON. */
    public record Outbound(String channel, String dedupKey, String payloadJson) {
        public Outbound {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(dedupKey, "dedupKey");
            Objects.requireNonNull(payloadJson, "payloadJson");
        }
    }

    /**
     * The outbox rows for {@code message}: one per channel that handles it. Enqueuing the same message
     * twice gives the same dedup keys, so a unique index on the key makes the second insert a no-op.
     */
    public static List<Outbound> route(Message message, Collection<Channel> channels) {
        String payload = MessageCodec.toJson(message);
        List<Outbound> out = new ArrayList<>();
        for (Channel c : channels) {
            if (c.handles(message)) {
                out.add(new Outbound(c.name(), dedupKey(message, c.name()), payload));
            }
        }
        return out;
    }

    /**
     * The dedup key of a message on a channel: {@code <incident>:<kind>[:<which>]:<channel>}, where
     * {@code which} tells apart several messages of one kind (a timeline seq, a load-test number, an artefact
     * name, the decision's time; a DevOps DM's time and what it asks, since a decision and a rollback request
     * may DM in the same millisecond).
     */
    public static String dedupKey(Message message, String channel) {
        String which = switch (message) {
            case Message.IncidentOpened m -> "";
            case Message.Closed m -> "";
            case Message.Acknowledged m -> String.valueOf(m.at().toEpochMilli());
            case Message.Milestone m -> String.valueOf(m.seq());
            case Message.MitigationDecided m -> String.valueOf(m.at().toEpochMilli());
            case Message.DevOpsDmNeeded m -> m.decidedAt().toEpochMilli() + "-" + Integer.toHexString(m.tasks().hashCode());
            case Message.LoadTestSlotRequested m -> String.valueOf(m.number());
            case Message.ArtefactAdded m -> m.name();
        };
        return message.incidentId() + ":" + message.kind() + (which.isEmpty() ? "" : ":" + which) + ":" + channel;
    }

    /** The dedup key of an incident's opening message on {@code channel}. */
    public static String openingKey(String incidentId, String channel) {
        return incidentId + ":" + Message.IncidentOpened.KIND + ":" + channel;
    }

    /** The link to an incident's ticket, from its external refs, when the Jira channel is configured and made one. */
    public static Optional<URI> ticket(Map<String, Channel> channels, Map<String, String> refs) {
        Channel jira = channels.get(JiraChannel.NAME);
        return jira == null ? Optional.empty() : Optional.ofNullable(refs.get(JiraChannel.NAME)).flatMap(jira::linkFor);
    }
}
