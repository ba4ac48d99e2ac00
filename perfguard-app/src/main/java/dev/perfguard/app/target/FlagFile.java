package dev.perfguard.app.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the demo target's flags from a flagd flag-definition file (OpenFeature's flagd JSON format,
 * {@code https://flagd.dev/schema/v0/flags.json}): {@code {"flags": {"NAME": {"state", "variants",
 * "defaultVariant", "targeting"?, "metadata"?}}}}.
 *
 * <p>Every flag in the file is checked for the format's required fields (so a broken file is refused as a
 * whole, not half-applied); two are read:
 * <ul>
 *   <li>{@code naive-ranking}: the default variant's value, a boolean.</li>
 *   <li>{@code slow-ranker}: the default variant's value, {@code false} (off), {@code true} (every search
 *       200 ms slower) or an object {@code {"p": 0.1, "delayMs": 200, "jitterMs": 0}} (with probability
 *       {@code p} a search sleeps {@code delayMs} plus a uniform {@code [0, jitterMs)}; {@code p} defaults to 1,
 *       {@code jitterMs} to 0).</li>
 * </ul>
 * A flag whose {@code state} is {@code DISABLED}, or that is absent, is off. {@code targeting} rules are not
 * evaluated (the target has no evaluation context): the default variant decides. Other flags are checked and
 * otherwise left alone, so the file can be the same one perfguard's flag store keeps.
 */
final class FlagFile {
    static final String SLOW_RANKER = "slow-ranker";
    static final String NAIVE_RANKING = "naive-ranking";
    private static final Set<String> SLOW_FIELDS = Set.of("p", "delayMs", "jitterMs");

    private FlagFile() {}

    /** Parses {@code json}; {@code file} names the source in errors, which name the field too. */
    static Flags parse(String file, String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(file, "is not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "must hold a JSON object with a 'flags' object");
        }
        JsonNode flags = root.get("flags");
        if (flags == null || !flags.isObject()) {
            throw invalid(file, "field 'flags' must be an object of flag definitions");
        }
        Flags.SlowRanker slow = Flags.SlowRanker.OFF;
        boolean naive = false;
        for (Map.Entry<String, JsonNode> e : flags.properties()) {
            String path = "flags." + e.getKey();
            JsonNode value = resolve(file, path, e.getValue());
            if (value == null) {
                continue;
            }
            String variant = path + ".variants." + e.getValue().get("defaultVariant").asText();
            if (e.getKey().equals(NAIVE_RANKING)) {
                if (!value.isBoolean()) {
                    throw invalid(file, "field '" + variant + "' must be true or false, was " + value);
                }
                naive = value.booleanValue();
            } else if (e.getKey().equals(SLOW_RANKER)) {
                slow = slowRanker(file, variant, value);
            }
        }
        return new Flags(slow, naive);
    }

    /** The default variant's value of one flag definition, or null when the flag is DISABLED. */
    private static JsonNode resolve(String file, String path, JsonNode flag) {
        if (!flag.isObject()) {
            throw invalid(file, "field '" + path + "' must be an object with state, variants and defaultVariant");
        }
        JsonNode state = flag.get("state");
        if (state == null || !(state.asText().equals("ENABLED") || state.asText().equals("DISABLED")) || !state.isTextual()) {
            throw invalid(file, "field '" + path + ".state' must be \"ENABLED\" or \"DISABLED\", was " + state);
        }
        JsonNode variants = flag.get("variants");
        if (variants == null || !variants.isObject() || variants.isEmpty()) {
            throw invalid(file, "field '" + path + ".variants' must be an object with at least one variant");
        }
        JsonNode defaultVariant = flag.get("defaultVariant");
        if (defaultVariant == null || !defaultVariant.isTextual()) {
            throw invalid(file, "field '" + path + ".defaultVariant' must name one of the variants, was " + defaultVariant);
        }
        JsonNode value = variants.get(defaultVariant.asText());
        if (value == null) {
            throw invalid(file, "field '" + path + ".defaultVariant' is '" + defaultVariant.asText()
                    + "', not one of the variants " + iterable(variants.fieldNames()));
        }
        return state.asText().equals("DISABLED") ? null : value;
    }

    private static Flags.SlowRanker slowRanker(String file, String field, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue() ? Flags.SlowRanker.ON : Flags.SlowRanker.OFF;
        }
        if (!value.isObject()) {
            throw invalid(file, "field '" + field + "' must be true, false or {\"p\": 0.1, \"delayMs\": 200}, was " + value);
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (!SLOW_FIELDS.contains(n)) {
                throw invalid(file, "field '" + field + "." + n + "' is not known; expected p, delayMs, jitterMs");
            }
        }
        double p = number(file, field + ".p", value.get("p"), 1);
        double delay = number(file, field + ".delayMs", value.get("delayMs"), 0);
        double jitter = number(file, field + ".jitterMs", value.get("jitterMs"), 0);
        if (delay != Math.rint(delay) || jitter != Math.rint(jitter)) {
            throw invalid(file, "field '" + field + "': delayMs and jitterMs must be whole milliseconds");
        }
        try {
            return new Flags.SlowRanker(p, (long) delay, (long) jitter);
        } catch (PerfguardException e) {
            throw invalid(file, "field '" + field + "': " + e.getMessage());
        }
    }

    private static double number(String file, String field, JsonNode n, double absent) {
        if (n == null) {
            return absent;
        }
        if (!n.isNumber()) {
            throw invalid(file, "field '" + field + "' must be a number, was " + n);
        }
        return n.doubleValue();
    }

    private static String iterable(Iterator<String> names) {
        StringBuilder b = new StringBuilder();
        names.forEachRemaining(n -> b.append(b.isEmpty() ? "" : ", ").append(n));
        return b.toString();
    }

    private static PerfguardException invalid(String file, String what) {
        return new PerfguardException(ErrorCode.CONFIG, "flag file " + file + ": " + what);
    }
}
