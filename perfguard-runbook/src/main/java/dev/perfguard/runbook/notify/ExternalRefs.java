package dev.perfguard.runbook.notify;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The references an incident's opening deliveries produced, by channel name: the Jira issue key
 * ({@code PERF-24}), the Slack alert message as {@code channelId/ts}, the PagerDuty dedup key. The store
 * keeps them once written; later messages use them (comments go to the stored issue, Slack updates use
 * {@code chat.update} with the stored {@code ts}). {@code ticketUrl} is the Jira issue's browse URL once known.
 */
public record ExternalRefs(Map<String, String> byChannel, Optional<URI> ticketUrl) {
    public ExternalRefs {
        byChannel = Map.copyOf(byChannel);
        Objects.requireNonNull(ticketUrl, "ticketUrl");
    }

    public static ExternalRefs none() {
        return new ExternalRefs(Map.of(), Optional.empty());
    }

    public Optional<String> of(String channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }
}
