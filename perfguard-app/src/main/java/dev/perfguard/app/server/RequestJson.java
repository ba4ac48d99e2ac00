package dev.perfguard.app.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.DurationDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.incident.IncidentJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies strictly, so that nothing a client sends is silently converted and no absurd value
 * reaches the domain: exactly one JSON object and nothing after it, no duplicate keys, no {@code null}
 * element in any array, only finite numbers, each value of its own JSON type (no {@code "5"} for a number,
 * {@code 123} for a string, {@code 5.7} for an integer, {@code 1} for a boolean or an enum; no number or
 * boolean left out, which would read as 0 or false), times as
 * ISO-8601 text between {@link #EARLIEST} and {@link #LATEST}, durations as ISO-8601 text of at most
 * {@link #LONGEST}. Everything else is the incident JSON of {@link IncidentJson} (unknown fields refused).
 * Every refusal is a {@code BAD_INPUT} naming the field, or the line and column for malformed JSON.
 */
final class RequestJson {
    /** The earliest time a request may carry: the Unix epoch. */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The latest time a request may carry: the end of year 9999, the last one ISO-8601 writes in four digits. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** The longest duration a request may carry (a fix estimate): 100 years. */
    static final Duration LONGEST = Duration.ofDays(36_525);

    private static final ObjectMapper MAPPER = strict(IncidentJson.mapper());

    private RequestJson() {}

    private static ObjectMapper strict(ObjectMapper incidentJson) {
        ObjectMapper m = incidentJson.copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.registerModule(new SimpleModule("perfguard-request-bounds")
                .addDeserializer(Instant.class, new BoundedInstant())
                .addDeserializer(Duration.class, new BoundedDuration()));
        return m;
    }

    /** The body as a {@code type}, or a {@code BAD_INPUT} saying what is wrong and where. */
    static <T> T read(String body, Class<T> type) {
        JsonNode tree;
        try (JsonParser p = MAPPER.createParser(body)) {
            tree = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw PerfguardException.badInput("request body: unexpected " + describe(p.currentToken())
                        + " after the JSON document" + at(p.currentTokenLocation()));
            }
        } catch (JsonProcessingException e) {
            throw refused(e, true);
        } catch (IOException e) {
            throw PerfguardException.badInput("request body: unreadable: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw PerfguardException.badInput("request body: expected a JSON object, got "
                    + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        checkValues(tree, "");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            if (e.getTargetType() != null && e.getTargetType().isPrimitive() && !e.getPath().isEmpty()) {
                // a number or boolean left out or null, which Jackson words as advice about its own settings
                JsonNode value = tree;
                for (JsonMappingException.Reference r : e.getPath()) {
                    value = value == null ? null : r.getFieldName() != null ? value.get(r.getFieldName()) : value.get(r.getIndex());
                }
                if (value == null || value.isNull()) {
                    throw PerfguardException.badInput("request body: " + path(e) + (value == null ? " is required" : " is null"), e);
                }
            }
            throw refused(e, false);
        } catch (JsonProcessingException e) {
            throw refused(e, false);
        }
    }

    /** Null array elements and numbers no double holds, named by their path ({@code flags[0]}). */
    private static void checkValues(JsonNode node, String at) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String element = at + "[" + i + "]";
                if (node.get(i).isNull()) {
                    throw PerfguardException.badInput("request body: " + element + " is null");
                }
                checkValues(node.get(i), element);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                checkValues(f.getValue(), at.isEmpty() ? f.getKey() : at + "." + f.getKey());
            }
        } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            throw PerfguardException.badInput("request body: " + at + " is out of range for a number");
        }
    }

    private static PerfguardException refused(JsonProcessingException e, boolean parsing) {
        String path = e instanceof JsonMappingException jme ? path(jme) : "";
        String where = path.isEmpty() ? "request body" : "request body field " + path;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PerfguardException pe) {
                return new PerfguardException(pe.code(), where + ": " + pe.getMessage(), e);
            }
            if (t instanceof NullPointerException npe && npe.getMessage() != null) {
                // a record's Objects.requireNonNull(value, "field"): a required field is missing
                return PerfguardException.badInput(where + ": required field " + npe.getMessage() + " is missing", e);
            }
        }
        String message = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage().lines().findFirst().orElse("");
        return PerfguardException.badInput(where + ": " + message + (parsing ? at(e.getLocation()) : ""), e);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String at(JsonLocation l) {
        return l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /** {@code discrepancies[0].evidence.runs}. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static void requireText(JsonParser p, String what, String example, Class<?> type) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            throw InvalidFormatException.from(p, what + " must be ISO-8601 text like " + example + ", was "
                    + describe(p.currentToken()), p.getText(), type);
        }
    }

    /** ISO-8601 text only, within {@link #EARLIEST} and {@link #LATEST}. */
    private static final class BoundedInstant extends StdScalarDeserializer<Instant> {
        BoundedInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            requireText(p, "a time", "2026-11-27T10:00:00Z", Instant.class);
            Instant t = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw InvalidFormatException.from(p, "time " + p.getText() + " is outside the accepted range " + EARLIEST
                        + " to 9999-12-31T23:59:59Z", p.getText(), Instant.class);
            }
            return t;
        }
    }

    /** ISO-8601 text only ({@code PT45M}), at most {@link #LONGEST} either way. */
    private static final class BoundedDuration extends StdScalarDeserializer<Duration> {
        BoundedDuration() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            requireText(p, "a duration", "PT45M", Duration.class);
            Duration d = DurationDeserializer.INSTANCE.deserialize(p, ctxt);
            if (d.abs().compareTo(LONGEST) > 0) {
                throw InvalidFormatException.from(p, "duration " + p.getText() + " is longer than the accepted "
                        + LONGEST.toDays() + " days", p.getText(), Duration.class);
            }
            return d;
        }
    }
}
