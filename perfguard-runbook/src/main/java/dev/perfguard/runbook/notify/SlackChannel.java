package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack Web API with a bot token ({@code Authorization: Bearer}, JSON bodies):
 * <ul>
 *   <li>the alert: {@code chat.postMessage} to the alerts channel, blocks plus a {@code text} fallback that
 *       starts with the ticket link; its {@code channel/ts} is the external reference, and later status
 *       changes (acknowledged, mitigation decided, closed) rewrite that message with {@code chat.update};</li>
 *   <li>the DevOps on-call DM: {@code conversations.open} with the user id, then {@code chat.postMessage} to the
 *       DM channel it returns;</li>
 *   <li>load-test slot requests: {@code chat.postMessage} to the DevOps requests channel.</li>
 * </ul>
 * Posts carry the outbox dedup key as message metadata ({@code event_type} {@value #METADATA_TYPE}); a
 * retried post first looks for it with {@code conversations.history}, so a post whose reply was lost is
 * not made twice.
 * Slack answers HTTP 200 with {@code "ok": false} for most errors: those are failures by their
 * {@code error} code ({@code ratelimited} and Slack's transient codes retry, the rest are permanent);
 * HTTP 429 carries {@code Retry-After}.
 */
final class SlackChannel implements Channel {

    static final String NAME = "slack";
    /** The {@code metadata.event_type} of perfguard's posts; the payload carries the outbox dedup key. */
    static final String METADATA_TYPE = "perfguard_notification";
    private static final int HISTORY_PAGES = 3;
    private static final int HISTORY_PAGE_SIZE = 200;
    private static final int LIST_PAGES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(SlackChannel.class);
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final NotifySettings.Slack settings;
    private final Endpoint http;
    private final String authorization;
    private final Map<String, String> channelIds = new ConcurrentHashMap<>();

    SlackChannel(NotifySettings.Slack settings, Endpoint http, Secret token) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.authorization = "Bearer " + token.reveal();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Message message) {
        return switch (message) {
            case Message.IncidentOpened m -> true;
            case Message.Acknowledged m -> true;
            case Message.MitigationDecided m -> true;
            case Message.Closed m -> true;
            case Message.LoadTestSlotRequested m -> true;
            case Message.DevOpsDmNeeded m -> settings.devopsOncall().isPresent();
            case Message.Milestone m -> false;
            case Message.ArtefactAdded m -> false;
        };
    }

    @Override
    public Delivery deliver(Message message, DeliveryContext context) {
        try {
            Optional<URI> ticket = context.refs().ticketUrl();
            String page = pageLink(message);
            return switch (message) {
                case Message.IncidentOpened m -> {
                    Optional<String> stored = context.refs().of(NAME);
                    if (stored.isPresent()) {
                        yield new Delivery.Delivered(stored.get());
                    }
                    yield post(settings.channel(), openedText(m, ticket), openedBlocks(m, ticket), context);
                }
                case Message.Acknowledged m -> status(context, ticket, page, m.incidentId(),
                        "acknowledged by " + m.by() + " at " + Text.time(m.at()), List.of());
                case Message.MitigationDecided m -> status(context, ticket, page, m.incidentId(),
                        "mitigating: " + m.branch() + m.containment().map(c -> " (" + c + ")").orElse("")
                                + ", decided by " + m.decidedBy() + " at " + Text.time(m.at()), m.tasks());
                case Message.Closed m -> status(context, ticket, page, m.incidentId(),
                        "closed by " + m.closedBy() + " at " + Text.time(m.at()) + ": " + m.basis(), List.of());
                case Message.LoadTestSlotRequested m -> {
                    String plain = "Load-test slot request for " + m.incidentId() + " from " + m.requestedBy()
                            + ": scenarios " + String.join(", ", m.scenarios()) + "; expected concurrency " + m.concurrency()
                            + "; data refresh: " + m.dataRefresh() + "; start " + Text.time(m.start()) + ".";
                    yield post(settings.devopsChannel(), link(ticket) + esc(plain) + page, blocks(ticket, plain, page, List.of()),
                            context);
                }
                case Message.DevOpsDmNeeded m -> {
                    String user = settings.devopsOncall().orElseThrow(() -> new Halt(
                            new Delivery.Permanent("slack: no notify.slack.devops_oncall configured for the DevOps DM")));
                    ObjectNode open = Json.object();
                    open.put("users", user);
                    JsonNode opened = call("conversations.open", open);
                    String dm = Json.text(opened.path("channel"), "id");
                    if (dm.isEmpty()) {
                        yield new Delivery.Permanent("slack conversations.open: reply without channel.id");
                    }
                    String plain = "DevOps help needed on " + m.incidentId() + ": decision " + m.branch()
                            + m.containment().map(c -> " (" + c + ")").orElse("") + " by " + m.decidedBy()
                            + " needs infrastructure support or a flag toggle.";
                    yield post(dm, link(ticket) + esc(plain) + page, blocks(ticket, plain, page, m.tasks()), context);
                }
                case Message.Milestone m -> new Delivery.Permanent("slack does not handle " + m.kind());
                case Message.ArtefactAdded m -> new Delivery.Permanent("slack does not handle " + m.kind());
            };
        } catch (Halt h) {
            return h.delivery;
        }
    }

    /** Rewrites the stored alert with {@code chat.update}; without one (the opening failed for good) posts a new message. */
    private Delivery status(DeliveryContext context, Optional<URI> ticket, String page, String incidentId, String status,
            List<String> items) {
        String plain = incidentId + " " + status;
        String text = link(ticket) + esc(plain) + page;
        Optional<String> stored = context.refs().of(NAME);
        int slash = stored.map(s -> s.indexOf('/')).orElse(-1);
        if (slash <= 0) {
            return post(settings.channel(), text, blocks(ticket, plain, page, items), context);
        }
        String channel = stored.get().substring(0, slash);
        String ts = stored.get().substring(slash + 1);
        ObjectNode body = Json.object();
        body.put("channel", channel);
        body.put("ts", ts);
        body.put("text", text);
        body.set("blocks", blocks(ticket, plain, page, items));
        call("chat.update", body);
        return new Delivery.Delivered(stored.get());
    }

    /**
     * Posts a new message carrying the outbox dedup key in its metadata. A retry first looks for that key in
     * the channel's recent history: a post whose reply was lost (a crash, a timeout) is found there and not
     * made twice.
     */
    private Delivery post(String channel, String text, ArrayNode blocks, DeliveryContext context) {
        if (context.attempt() > 1) {
            Optional<String> posted = findPosted(channel, context.dedupKey());
            if (posted.isPresent()) {
                return new Delivery.Delivered(posted.get());
            }
        }
        ObjectNode body = Json.object();
        body.put("channel", channel);
        body.put("text", text);
        body.set("blocks", blocks);
        body.put("unfurl_links", false);
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("event_type", METADATA_TYPE);
        metadata.putObject("event_payload").put("dedup_key", context.dedupKey());
        JsonNode reply = call("chat.postMessage", body);
        String ch = Json.text(reply, "channel");
        String ts = Json.text(reply, "ts");
        if (ts.isEmpty()) {
            return new Delivery.Permanent("slack chat.postMessage: reply without ts");
        }
        return new Delivery.Delivered((ch.isEmpty() ? channel : ch) + "/" + ts);
    }

    /**
     * The {@code channel/ts} of a message this app posted with {@code dedupKey}, from the newest
     * {@link #HISTORY_PAGES} pages of {@code conversations.history}. A lookup Slack refuses for good (a missing
     * {@code channels:history} scope, say) is logged and treated as "not found": a possible duplicate is
     * better than a lost alert.
     */
    private Optional<String> findPosted(String channel, String dedupKey) {
        try {
            String id = channelId(channel);
            String cursor = "";
            for (int page = 0; page < HISTORY_PAGES; page++) {
                JsonNode reply = read("conversations.history", "channel=" + enc(id) + "&limit=" + HISTORY_PAGE_SIZE
                        + "&include_all_metadata=true" + (cursor.isEmpty() ? "" : "&cursor=" + enc(cursor)));
                for (JsonNode m : reply.path("messages")) {
                    JsonNode md = m.path("metadata");
                    if (METADATA_TYPE.equals(md.path("event_type").asText())
                            && dedupKey.equals(md.path("event_payload").path("dedup_key").asText())) {
                        return Optional.of(id + "/" + m.path("ts").asText());
                    }
                }
                cursor = reply.path("response_metadata").path("next_cursor").asText("");
                if (cursor.isEmpty() || !reply.path("has_more").asBoolean(false)) {
                    break;
                }
            }
            return Optional.empty();
        } catch (Halt h) {
            if (h.delivery instanceof Delivery.Permanent p) {
                LOG.warn("slack: cannot check {} for an earlier post of {} ({}); posting", channel, dedupKey, p.reason());
                return Optional.empty();
            }
            throw h;
        }
    }

    /** A channel id as {@code conversations.history} needs it: ids as they are, {@code #name} looked up once. */
    private String channelId(String channel) {
        if (!channel.startsWith("#")) {
            return channel;
        }
        String cached = channelIds.get(channel);
        if (cached != null) {
            return cached;
        }
        String name = channel.substring(1);
        String cursor = "";
        for (int page = 0; page < LIST_PAGES; page++) {
            JsonNode reply = read("conversations.list", "types=public_channel%2Cprivate_channel&exclude_archived=true&limit=1000"
                    + (cursor.isEmpty() ? "" : "&cursor=" + enc(cursor)));
            for (JsonNode c : reply.path("channels")) {
                if (name.equals(c.path("name").asText())) {
                    String id = c.path("id").asText();
                    channelIds.put(channel, id);
                    return id;
                }
            }
            cursor = reply.path("response_metadata").path("next_cursor").asText("");
            if (cursor.isEmpty()) {
                break;
            }
        }
        throw new Halt(new Delivery.Permanent("slack conversations.list: no channel named " + channel));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A read method: GET with the arguments in the query string (Slack takes JSON bodies for writes only). */
    private JsonNode read(String method, String query) {
        return checked(method, http.request("/" + method + "?" + query).header("Authorization", authorization).GET().build());
    }

    private JsonNode call(String method, ObjectNode body) {
        return checked(method, http.request("/" + method)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .build());
    }

    private JsonNode checked(String method, HttpRequest request) {
        Endpoint.Outcome o = http.exchange(request, method);
        if (o.failed()) {
            throw new Halt(o.failure());
        }
        Optional<JsonNode> reply = Json.parse(o.reply().body());
        if (!o.reply().ok()) {
            throw new Halt(http.failure(o.reply(), method,
                    reply.map(r -> Json.text(r, "error")).orElse(Endpoint.describeBody(o.reply().body()))));
        }
        if (reply.isEmpty() || !reply.get().path("ok").asBoolean(false)) {
            String error = reply.map(r -> Json.text(r, "error")).filter(e -> !e.isEmpty()).orElse("no ok:true in reply");
            String reason = http.redact("slack " + method + ": " + error);
            if (TRANSIENT.contains(error)) {
                throw new Halt(new Delivery.Retry(http.retryAfter(o.reply().retryAfter()), reason));
            }
            throw new Halt(new Delivery.Permanent(reason));
        }
        return reply.get();
    }

    static String openedText(Message.IncidentOpened m, Optional<URI> ticket) {
        return link(ticket) + esc(m.summary() + " (squad " + m.squad() + ")") + pageLink(m);
    }

    private static ArrayNode openedBlocks(Message.IncidentOpened m, Optional<URI> ticket) {
        ArrayNode blocks = Json.array();
        section(blocks, "*" + ticket.map(t -> mrkdwnLink(ticket)).orElse(esc(m.incidentId())) + "* " + esc(m.summary())
                + pageLink(m));
        ObjectNode fieldsBlock = blocks.addObject();
        fieldsBlock.put("type", "section");
        ArrayNode fields = fieldsBlock.putArray("fields");
        for (Message.MetricRow r : m.metrics().subList(0, Math.min(10, m.metrics().size()))) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + esc(r.metric()) + "*\n" + esc(Text.withUnit(r.before(), r.unit()))
                    + " → " + esc(Text.withUnit(r.after(), r.unit())) + " (" + esc(Text.signed(r.delta())) + ")");
        }
        if (fields.isEmpty()) {
            blocks.remove(blocks.size() - 1);
        }
        List<String> context = new ArrayList<>();
        context.add("Squad: " + esc(m.squad()));
        context.add("Opened " + esc(Text.time(m.openedAt())));
        for (Message.Link p : m.panels()) {
            context.add("<" + p.url() + "|" + esc(p.title()) + ">");
        }
        ObjectNode ctx = blocks.addObject();
        ctx.put("type", "context");
        ctx.putArray("elements").addObject().put("type", "mrkdwn").put("text", String.join(" · ", context));
        return blocks;
    }

    /**
     * A section with the ticket link (mrkdwn), the escaped text and the incident page link ({@link #pageLink}), then the
     * items as a bullet list.
     */
    private static ArrayNode blocks(Optional<URI> ticket, String plain, String page, List<String> items) {
        ArrayNode blocks = Json.array();
        section(blocks, ticket.map(t -> mrkdwnLink(ticket) + " ").orElse("") + esc(plain) + page);
        if (!items.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (String i : items) {
                list.append("• ").append(esc(i)).append('\n');
            }
            section(blocks, list.toString().strip());
        }
        return blocks;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode s = blocks.addObject();
        s.put("type", "section");
        String t = mrkdwn.length() <= 3000 ? mrkdwn : mrkdwn.substring(0, 2999) + "…";
        s.putObject("text").put("type", "mrkdwn").put("text", t);
    }

    /**
     * The ticket link at the front of a fallback text, {@code <url|KEY> }, or nothing before the ticket exists. The
     * fallback {@code text} is mrkdwn too (notifications and clients without blocks show it), so the rest of it is
     * escaped with {@link #esc} like the blocks.
     */
    private static String link(Optional<URI> ticket) {
        return ticket.map(t -> mrkdwnLink(ticket) + " ").orElse("");
    }

    /**
     * The incident page link at the end of a text and of the first section, {@code  · <url|Open INC-7 in perfguard>},
     * or nothing without {@code server.public_url}. A mrkdwn link rather than a button: a link button also sends
     * the app an interaction payload, which perfguard's bot has no endpoint to receive.
     */
    static String pageLink(Message m) {
        return m.incidentPage().map(p -> " · <" + p + "|Open " + esc(m.incidentId()) + " in perfguard>").orElse("");
    }

    private static String mrkdwnLink(Optional<URI> ticket) {
        return ticket.map(t -> "<" + t + "|" + esc(lastSegment(t)) + ">").orElse("");
    }

    private static String lastSegment(URI u) {
        String p = u.getPath() == null ? "" : u.getPath();
        int slash = p.lastIndexOf('/');
        return slash >= 0 && slash < p.length() - 1 ? p.substring(slash + 1) : u.toString();
    }

    /** Slack's mrkdwn escaping: {@code &}, {@code <}, {@code >}. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String redact(String text) {
        return http.redact(text);
    }

    @Override
    public String toString() {
        return "slack(" + http.base() + ", " + settings.channel() + ")";
    }
}
