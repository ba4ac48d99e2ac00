package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.core.PerfguardException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The outbox payload JSON of a {@link Message}: {@code {"kind":"incident-opened","v":1, ...fields}} with
 * the record's components by name; instants are ISO-8601 strings, optionals are absent or a value,
 * lists are arrays. {@link #fromJson} refuses unknown kinds, missing fields and wrong types with a
 * {@code BAD_INPUT} naming the field, so a damaged row becomes a dead letter rather than a wrong message.
 */
public final class MessageCodec {

    static final int VERSION = 1;
    private static final Map<String, Class<? extends Message>> KINDS = Stream.of(Message.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(Message.class))
            .collect(Collectors.toUnmodifiableMap(MessageCodec::kindOf, Function.identity()));

    private MessageCodec() {}

    public static String toJson(Message message) {
        ObjectNode node = Json.object();
        node.put("kind", message.kind());
        node.put("v", VERSION);
        writeRecord(node, (Record) message);
        return Json.write(node);
    }

    public static Message fromJson(String json) {
        JsonNode node = Json.parse(json).filter(JsonNode::isObject)
                .orElseThrow(() -> PerfguardException.badInput("outbox payload is not a JSON object"));
        String kind = Json.text(node, "kind");
        Class<? extends Message> type = KINDS.get(kind);
        if (type == null) {
            throw PerfguardException.badInput("outbox payload kind '" + kind + "' is unknown; expected one of "
                    + KINDS.keySet().stream().sorted().toList());
        }
        if (node.path("v").asInt(-1) != VERSION) {
            throw PerfguardException.badInput("outbox payload version " + node.path("v") + " is not " + VERSION);
        }
        return type.cast(readRecord(node, type, kind));
    }

    private static String kindOf(Class<? extends Message> c) {
        // the kind names are defined once, in Message.kind(); derive them from a canonical dummy-free mapping
        String simple = c.getSimpleName();
        return switch (simple) {
            case "IncidentOpened" -> "incident-opened";
            case "Acknowledged" -> "acknowledged";
            case "Milestone" -> "milestone";
            case "MitigationDecided" -> "mitigation-decided";
            case "LoadTestSlotRequested" -> "load-test-slot-requested";
            case "DevOpsDmNeeded" -> "devops-dm-needed";
            case "ArtefactAdded" -> "artefact-added";
            case "Closed" -> "closed";
            default -> throw new IllegalStateException("no kind for " + simple);
        };
    }

    private static void writeRecord(ObjectNode node, Record r) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName(), e);
            }
            if (v instanceof Optional<?> o) {
                if (o.isPresent()) {
                    node.set(c.getName(), value(o.get()));
                }
            } else {
                node.set(c.getName(), value(v));
            }
        }
    }

    private static JsonNode value(Object v) {
        return switch (v) {
            case String s -> Json.MAPPER.getNodeFactory().textNode(s);
            case Integer i -> Json.MAPPER.getNodeFactory().numberNode(i);
            case Long l -> Json.MAPPER.getNodeFactory().numberNode(l);
            case Double d -> Json.MAPPER.getNodeFactory().numberNode(d);
            case Boolean b -> Json.MAPPER.getNodeFactory().booleanNode(b);
            case Instant i -> Json.MAPPER.getNodeFactory().textNode(i.toString());
            case URI u -> Json.MAPPER.getNodeFactory().textNode(u.toString());
            case List<?> list -> {
                ArrayNode a = Json.array();
                list.forEach(x -> a.add(value(x)));
                yield a;
            }
            case Record rec -> {
                ObjectNode o = Json.object();
                writeRecord(o, rec);
                yield o;
            }
            default -> throw new IllegalStateException("cannot encode " + v.getClass());
        };
    }

    private static Object readRecord(JsonNode node, Class<?> type, String path) {
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            String field = path + "." + c.getName();
            JsonNode v = node.get(c.getName());
            if (c.getType() == Optional.class) {
                args[i] = v == null || v.isNull() ? Optional.empty()
                        : Optional.of(read(v, typeArgument(c.getGenericType()), field));
            } else {
                if (v == null || v.isNull()) {
                    throw PerfguardException.badInput("outbox payload field " + field + " is missing");
                }
                args[i] = read(v, c.getGenericType(), field);
            }
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw PerfguardException.badInput("outbox payload " + path + " is invalid: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type, e);
        }
    }

    private static Object read(JsonNode v, Type type, String field) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!v.isArray()) {
                throw PerfguardException.badInput("outbox payload field " + field + " must be an array");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                out.add(read(v.get(i), p.getActualTypeArguments()[0], field + "[" + i + "]"));
            }
            return out;
        }
        Class<?> c = (Class<?>) type;
        boolean ok;
        Object result;
        if (c == String.class) {
            ok = v.isTextual();
            result = v.asText();
        } else if (c == int.class) {
            ok = v.canConvertToInt() && v.isIntegralNumber();
            result = v.asInt();
        } else if (c == long.class) {
            ok = v.isIntegralNumber() && v.canConvertToLong();
            result = v.asLong();
        } else if (c == double.class) {
            ok = v.isNumber();
            result = v.asDouble();
        } else if (c == boolean.class) {
            ok = v.isBoolean();
            result = v.asBoolean();
        } else if (c == Instant.class) {
            ok = v.isTextual();
            try {
                result = Instant.parse(v.asText());
            } catch (RuntimeException e) {
                throw PerfguardException.badInput("outbox payload field " + field + " is not an ISO-8601 instant: " + v.asText());
            }
        } else if (c == URI.class) {
            ok = v.isTextual();
            try {
                result = URI.create(v.asText());
            } catch (IllegalArgumentException e) {
                throw PerfguardException.badInput("outbox payload field " + field + " is not a URI: " + v.asText());
            }
        } else if (c.isRecord()) {
            ok = v.isObject();
            result = ok ? readRecord(v, c, field) : null;
        } else {
            throw new IllegalStateException("cannot decode " + c);
        }
        if (!ok) {
            throw PerfguardException.badInput("outbox payload field " + field + " has the wrong type: " + v);
        }
        return result;
    }

    private static Type typeArgument(Type t) {
        return ((ParameterizedType) t).getActualTypeArguments()[0];
    }
}
