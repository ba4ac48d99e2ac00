package dev.perfguard.runbook.incident;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Closure;
import dev.perfguard.core.incident.Evidence;

/**
 * The JSON form of the incident domain, used for the stored documents and the REST API alike:
 * records by their components, {@code Optional} as the value or absent, times as ISO-8601 text
 * ({@code 2026-11-27T10:00:00Z}, durations {@code PT1H}), sealed variants with a {@code type} field.
 * Unknown fields are refused, so a typo in a request is a {@code BAD_INPUT}, not silently ignored.
 */
public final class IncidentJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addMixIn(Evidence.class, EvidenceMixin.class)
            .addMixIn(Closure.Basis.class, BasisMixin.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private IncidentJson() {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Evidence.LighthouseDelta.class, name = "lighthouse"),
            @JsonSubTypes.Type(value = Evidence.RagEvalChange.class, name = "rag-eval"),
            @JsonSubTypes.Type(value = Evidence.TelemetryWindows.class, name = "telemetry")})
    private interface EvidenceMixin {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Closure.Basis.GatePassed.class, name = "gate-passed"),
            @JsonSubTypes.Type(value = Closure.Basis.AdminOverride.class, name = "admin-override")})
    private interface BasisMixin {}

    /** The shared mapper; configured once, safe to use from many threads. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PerfguardException(ErrorCode.INTERNAL, "cannot write JSON for " + value.getClass().getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code json} as a {@code type}; malformed JSON, a missing or unknown field, or a value a
     * record refuses is a {@code BAD_INPUT} naming {@code what} and the field.
     */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw PerfguardException.badInput(what + ": expected a JSON object, got null");
            }
            return value;
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PerfguardException pe) {
                    throw new PerfguardException(pe.code(), what + ": " + pe.getMessage(), e);
                }
                if (t instanceof NullPointerException npe && npe.getMessage() != null) {
                    // a record's Objects.requireNonNull(value, "field"): a required field is missing
                    throw PerfguardException.badInput(what + ": required field " + npe.getMessage() + " is missing", e);
                }
            }
            String path = e instanceof JsonMappingException jme
                    ? jme.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .reduce((a, b) -> a + "." + b).orElse("")
                    : "";
            throw PerfguardException.badInput(what + (path.isEmpty() ? "" : " field " + path) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
