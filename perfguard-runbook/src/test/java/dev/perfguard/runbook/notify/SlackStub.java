package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Slack Web API as documented: methods at {@code /<method>}, a bot token as {@code Authorization: Bearer},
 * and errors as HTTP 200 with {@code {"ok":false,"error":"..."}} ({@code not_authed}, {@code invalid_auth},
 * {@code channel_not_found}, {@code no_text}, {@code message_not_found}). Channels by name or id.
 */
public final class SlackStub implements AutoCloseable {

    public static final String TOKEN = "xoxb-1111-2222-slacksecrettoken";
    static final Map<String, String> CHANNELS = Map.of("#theo-perf-alerts", "C0ALERTS", "C0ALERTS", "C0ALERTS",
            "#devops-requests", "C0DEVOPS", "C0DEVOPS", "C0DEVOPS", "D0ONCALL", "D0ONCALL");
    static final Set<String> USERS = Set.of("U123DEVOPS");

    /** Messages by {@code channel/ts}: their current text. */
    public final Map<String, String> messages = new LinkedHashMap<>();
    /** The {@code metadata} object of each message posted with one, by {@code channel/ts}. */
    public final Map<String, JsonNode> metadata = new LinkedHashMap<>();
    /** Channel names as {@code conversations.list} gives them (without {@code #}) by id. */
    static final Map<String, String> NAMES = Map.of("C0ALERTS", "theo-perf-alerts", "C0DEVOPS", "devops-requests");
    private long clock = 1_700_000_000_000100L;
    public final Stub server;

    public SlackStub() {
        server = new Stub(this::handle);
    }

    public synchronized Stub.Reply handle(Stub.Request r) {
        String auth = r.header("Authorization");
        if (auth == null) {
            return error("not_authed");
        }
        if (!auth.equals("Bearer " + TOKEN)) {
            return error("invalid_auth");
        }
        JsonNode b = Json.parse(r.bodyText()).orElse(Json.object());
        return switch (r.path()) {
            case "/chat.postMessage" -> {
                String channel = CHANNELS.get(b.path("channel").asText());
                if (channel == null) {
                    yield error("channel_not_found");
                }
                if (b.path("text").asText().isEmpty() && b.path("blocks").isEmpty()) {
                    yield error("no_text");
                }
                String ts = String.format(Locale.ROOT, "%d.%06d", clock / 1_000_000, clock % 1_000_000);
                clock += 100;
                messages.put(channel + "/" + ts, b.path("text").asText());
                if (b.has("metadata")) {
                    JsonNode md = b.path("metadata");
                    if (!md.path("event_type").isTextual() || !md.path("event_payload").isObject()) {
                        messages.remove(channel + "/" + ts);
                        yield error("invalid_metadata_format");
                    }
                    metadata.put(channel + "/" + ts, md);
                }
                ObjectNode out = Json.object().put("ok", true).put("channel", channel).put("ts", ts);
                out.putObject("message").put("text", b.path("text").asText()).put("ts", ts);
                yield Stub.Reply.json(200, Json.write(out));
            }
            case "/chat.update" -> {
                String channel = b.path("channel").asText();
                String ts = b.path("ts").asText();
                if (!CHANNELS.containsValue(channel)) {
                    yield error("channel_not_found");
                }
                if (!messages.containsKey(channel + "/" + ts)) {
                    yield error("message_not_found");
                }
                messages.put(channel + "/" + ts, b.path("text").asText());
                yield Stub.Reply.json(200, Json.write(Json.object().put("ok", true).put("channel", channel).put("ts", ts)
                        .put("text", b.path("text").asText())));
            }
            case "/conversations.open" -> {
                String users = b.path("users").asText();
                if (users.isEmpty()) {
                    yield error("users_list_not_supplied");
                }
                if (!USERS.contains(users)) {
                    yield error("user_not_found");
                }
                ObjectNode out = Json.object().put("ok", true);
                out.putObject("channel").put("id", "D0ONCALL");
                yield Stub.Reply.json(200, Json.write(out));
            }
            case "/conversations.history" -> history(r);
            case "/conversations.list" -> {
                if (!r.method().equals("GET")) {
                    yield error("invalid_arguments");
                }
                ObjectNode out = Json.object().put("ok", true);
                var list = out.putArray("channels");
                new TreeMap<>(NAMES).forEach((id, name) -> list.addObject().put("id", id).put("name", name)
                        .put("is_channel", true).put("is_archived", false));
                out.putObject("response_metadata").put("next_cursor", "");
                yield Stub.Reply.json(200, Json.write(out));
            }
            default -> error("unknown_method");
        };
    }

    /**
     * {@code conversations.history}: a channel id (a {@code #name} is {@code channel_not_found}, as in Slack),
     * newest first, {@code limit} per page with an opaque cursor, metadata only with {@code include_all_metadata}.
     */
    private Stub.Reply history(Stub.Request r) {
        String channel = r.param("channel");
        if (channel == null || channel.isEmpty()) {
            return error("channel_not_found");
        }
        if (!NAMES.containsKey(channel) && !channel.startsWith("D")) {
            return error("channel_not_found");
        }
        int limit = r.param("limit") == null ? 100 : Integer.parseInt(r.param("limit"));
        int offset = r.param("cursor") == null || r.param("cursor").isEmpty() ? 0
                : Integer.parseInt(new String(Base64.getDecoder().decode(r.param("cursor")), StandardCharsets.UTF_8));
        boolean withMetadata = "true".equals(r.param("include_all_metadata"));
        List<String> keys = new ArrayList<>(messages.keySet().stream()
                .filter(k -> k.startsWith(channel + "/")).toList());
        Collections.reverse(keys);
        ObjectNode out = Json.object().put("ok", true);
        var list = out.putArray("messages");
        int end = Math.min(keys.size(), offset + limit);
        for (String k : keys.subList(Math.min(offset, keys.size()), end)) {
            ObjectNode m = list.addObject().put("type", "message").put("ts", k.substring(k.indexOf('/') + 1))
                    .put("text", messages.get(k));
            if (withMetadata && metadata.containsKey(k)) {
                m.set("metadata", metadata.get(k));
            }
        }
        out.put("has_more", end < keys.size());
        out.putObject("response_metadata").put("next_cursor", end < keys.size()
                ? Base64.getEncoder().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)) : "");
        return Stub.Reply.json(200, Json.write(out));
    }

    static Stub.Reply error(String code) {
        return Stub.Reply.json(200, "{\"ok\":false,\"error\":\"" + code + "\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
