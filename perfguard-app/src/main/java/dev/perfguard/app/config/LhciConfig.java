package dev.perfguard.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.assertions.Aggregation;
import dev.perfguard.core.lighthouse.assertions.AssertConfig;
import dev.perfguard.core.lighthouse.assertions.AssertSettings;
import dev.perfguard.core.lighthouse.assertions.Assertion;
import dev.perfguard.core.lighthouse.assertions.Level;
import dev.perfguard.core.lighthouse.assertions.PerformanceBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Lighthouse CI's assert configuration as teams write it: {@code ci.assert} of a
 * {@code lighthouserc.json} or {@code .yml}, or the same object under {@code lighthouse.assert} in
 * perfguard.yaml. {@code budgetsFile} names a Lighthouse {@code budgets.json}, relative to the
 * working directory as for {@code lhci}. A mistake is a {@link ErrorCode#CONFIG} error naming the
 * file and the key.
 */
public final class LhciConfig {
    private static final Set<String> KEYS = Set.of("assertions", "preset", "assertMatrix", "includePassedAssertions",
            "budgetsFile", "aggregationMethod", "matchingUrlPattern",
            // lhci's own options, meaningless to perfguard: accepted so a team's file works unchanged
            "lhr", "config");
    private static final Set<String> MATRIX_KEYS = Set.of("assertions", "preset", "matchingUrlPattern", "aggregationMethod");
    private static final Set<String> OPTIONS = Set.of("minScore", "maxLength", "maxNumericValue", "aggregationMethod", "auditRan");

    private LhciConfig() {}

    /** {@code ci.assert} of a lighthouserc file ({@code .yml}/{@code .yaml} as YAML, anything else as JSON). */
    public static AssertConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PerfguardException(ErrorCode.CONFIG, file + ": no such Lighthouse CI configuration file");
        }
        JsonNode root = tree(file);
        JsonNode ci = root.path("ci");
        JsonNode assertNode = ci.path("assert");
        if (!assertNode.isObject()) {
            throw new PerfguardException(ErrorCode.CONFIG, file + ": key 'ci.assert': missing; expected the assert configuration of Lighthouse CI");
        }
        return parse(file.toString(), "ci.assert", assertNode);
    }

    /** The assert object {@code node}, found at {@code key} in {@code where}. */
    public static AssertConfig parse(String where, String key, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return AssertConfig.none();
        }
        Ctx c = new Ctx(where);
        c.object(node, key);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw c.error(key + "." + k, "unknown key (expected one of: assertions, preset, assertMatrix, includePassedAssertions, "
                        + "budgetsFile, aggregationMethod, matchingUrlPattern)");
            }
        }
        boolean includePassed = c.bool(node.get("includePassedAssertions"), key + ".includePassedAssertions");
        boolean assertionsSet = node.has("assertions") || node.has("assertMatrix") || node.has("preset");
        if (node.has("budgetsFile")) {
            if (assertionsSet) {
                throw c.error(key + ".budgetsFile", "cannot be used with assertions, preset or assertMatrix (as in Lighthouse CI)");
            }
            String f = c.text(node.get("budgetsFile"), key + ".budgetsFile");
            // as lhci does, a budgets file replaces the whole assert configuration
            return budgets(Path.of(f));
        }
        if (!assertionsSet) {
            throw c.error(key, "no assertions: expected assertions, preset, assertMatrix or budgetsFile");
        }
        if (node.has("assertMatrix")) {
            for (String other : List.of("assertions", "preset", "aggregationMethod")) {
                if (node.has(other)) {
                    throw c.error(key + ".assertMatrix", "cannot be used with " + other + " (as in Lighthouse CI)");
                }
            }
            JsonNode m = node.get("assertMatrix");
            if (!m.isArray()) {
                throw c.error(key + ".assertMatrix", "expected a list");
            }
            List<AssertSettings> sets = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                String k = key + ".assertMatrix[" + i + "]";
                c.object(m.get(i), k);
                for (Iterator<String> it = m.get(i).fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!MATRIX_KEYS.contains(f)) {
                        throw c.error(k + "." + f, "unknown key (expected one of: assertions, preset, matchingUrlPattern, aggregationMethod)");
                    }
                }
                sets.add(settings(c, m.get(i), k));
            }
            return new AssertConfig(sets, includePassed);
        }
        return new AssertConfig(List.of(settings(c, node, key)), includePassed);
    }

    /** A Lighthouse {@code budgets.json} as the assertion matrix lhci makes of it. */
    public static AssertConfig budgets(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PerfguardException(ErrorCode.CONFIG, file + ": no such budgets file");
        }
        JsonNode root = tree(file);
        Ctx c = new Ctx(file.toString());
        if (!root.isArray()) {
            throw c.error("", "expected a list of budgets");
        }
        List<PerformanceBudget> budgets = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String k = "[" + i + "]";
            JsonNode b = root.get(i);
            c.object(b, k);
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("path", "options", "resourceSizes", "resourceCounts", "timings").contains(f)) {
                    throw c.error(k + "." + f, "unknown key (expected one of: path, options, resourceSizes, resourceCounts, timings)");
                }
            }
            Optional<String> path = b.has("path") ? Optional.of(c.text(b.get("path"), k + ".path")) : Optional.empty();
            try {
                budgets.add(new PerformanceBudget(path, limits(c, b.get("resourceSizes"), k + ".resourceSizes", "resourceType"),
                        limits(c, b.get("resourceCounts"), k + ".resourceCounts", "resourceType"),
                        limits(c, b.get("timings"), k + ".timings", "metric")));
            } catch (IllegalArgumentException e) {
                throw c.error(k, e.getMessage());
            }
        }
        return PerformanceBudget.toAssertConfig(budgets);
    }

    private static List<PerformanceBudget.Limit> limits(Ctx c, JsonNode n, String key, String nameField) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw c.error(key, "expected a list");
        }
        List<PerformanceBudget.Limit> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String k = key + "[" + i + "]";
            JsonNode l = n.get(i);
            c.object(l, k);
            for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals(nameField) && !f.equals("budget")) {
                    throw c.error(k + "." + f, "unknown key (expected " + nameField + " and budget)");
                }
            }
            out.add(new PerformanceBudget.Limit(c.text(l.get(nameField), k + "." + nameField), c.number(l.get("budget"), k + ".budget")));
        }
        return out;
    }

    private static AssertSettings settings(Ctx c, JsonNode n, String key) {
        Optional<String> preset = n.has("preset") ? Optional.of(c.text(n.get("preset"), key + ".preset")) : Optional.empty();
        if (preset.isPresent() && !List.of("lighthouse:all", "lighthouse:recommended", "lighthouse:no-pwa").contains(preset.get())) {
            throw c.error(key + ".preset", "unknown preset '" + preset.get()
                    + "' (expected one of: lighthouse:all, lighthouse:recommended, lighthouse:no-pwa)");
        }
        Optional<String> pattern = Optional.empty();
        if (n.has("matchingUrlPattern")) {
            String p = c.text(n.get("matchingUrlPattern"), key + ".matchingUrlPattern");
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw c.error(key + ".matchingUrlPattern", "not a regular expression: " + e.getDescription());
            }
            pattern = Optional.of(p);
        }
        Optional<Aggregation> agg = n.has("aggregationMethod")
                ? Optional.of(aggregation(c, n.get("aggregationMethod"), key + ".aggregationMethod")) : Optional.empty();
        Map<String, Assertion> assertions = new LinkedHashMap<>();
        JsonNode a = n.get("assertions");
        if (a != null && !a.isNull()) {
            c.object(a, key + ".assertions");
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertions.put(e.getKey(), assertion(c, e.getValue(), key + ".assertions." + e.getKey()));
            }
        }
        return new AssertSettings(preset, assertions, pattern, agg);
    }

    private static Assertion assertion(Ctx c, JsonNode n, String key) {
        // false is off as in lhci (any falsy entry); YAML 1.1 also reads a bare `off` as false
        if (n == null || n.isNull() || (n.isBoolean() && !n.asBoolean())) {
            return Assertion.OFF;
        }
        if (n.isTextual()) {
            return Assertion.of(level(c, n, key));
        }
        if (!n.isArray() || n.isEmpty() || n.size() > 2) {
            throw c.error(key, "expected a level (off, warn, error) or [level, {options}]");
        }
        Level level = level(c, n.get(0), key + "[0]");
        OptionalDouble minScore = OptionalDouble.empty();
        OptionalDouble maxLength = OptionalDouble.empty();
        OptionalDouble maxNumericValue = OptionalDouble.empty();
        Optional<Aggregation> agg = Optional.empty();
        if (n.size() == 2 && !n.get(1).isNull()) {
            JsonNode o = n.get(1);
            c.object(o, key + "[1]");
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String k = key + "[1]." + f;
                switch (f) {
                    case "minScore" -> minScore = OptionalDouble.of(c.number(o.get(f), k));
                    case "maxLength" -> maxLength = OptionalDouble.of(c.number(o.get(f), k));
                    case "maxNumericValue" -> maxNumericValue = OptionalDouble.of(c.number(o.get(f), k));
                    case "aggregationMethod" -> agg = Optional.of(aggregation(c, o.get(f), k));
                    case "auditRan" -> c.number(o.get(f), k);
                    default -> throw c.error(k, "unknown option (expected one of: " + String.join(", ", OPTIONS.stream().sorted().toList()) + ")");
                }
            }
        }
        return new Assertion(level, true, minScore, maxLength, maxNumericValue, agg);
    }

    private static Level level(Ctx c, JsonNode n, String key) {
        return Level.byLabel(n.isTextual() ? n.asText() : "")
                .orElseThrow(() -> c.error(key, "expected a level: off, warn or error, got " + n));
    }

    private static Aggregation aggregation(Ctx c, JsonNode n, String key) {
        return Aggregation.byLabel(n.isTextual() ? n.asText() : "")
                .orElseThrow(() -> c.error(key, "expected median, optimistic, pessimistic or median-run, got " + n));
    }

    private static JsonNode tree(Path file) {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".yml") || name.endsWith(".yaml") ? new ObjectMapper(new YAMLFactory()) : JsonMapper.builder().build();
        try {
            JsonNode n = mapper.readTree(file.toFile());
            if (n == null) {
                throw new PerfguardException(ErrorCode.CONFIG, file + ": empty");
            }
            return n;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new PerfguardException(ErrorCode.CONFIG, file + (loc == null ? "" : ":" + loc.getLineNr()) + ": not valid "
                    + (mapper.getFactory() instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.CONFIG, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private record Ctx(String where) {
        PerfguardException error(String key, String message) {
            return new PerfguardException(ErrorCode.CONFIG, where + ":" + (key.isEmpty() ? "" : " key '" + key + "':") + " " + message);
        }

        void object(JsonNode n, String key) {
            if (n == null || !n.isObject()) {
                throw error(key, "expected a mapping");
            }
        }

        String text(JsonNode n, String key) {
            if (n == null || !n.isTextual()) {
                throw error(key, "expected a text value");
            }
            return n.asText();
        }

        double number(JsonNode n, String key) {
            if (n == null || !n.isNumber()) {
                throw error(key, "expected a number");
            }
            return n.asDouble();
        }

        boolean bool(JsonNode n, String key) {
            if (n == null || n.isNull()) {
                return false;
            }
            if (!n.isBoolean()) {
                throw error(key, "expected true or false");
            }
            return n.asBoolean();
        }
    }
}
