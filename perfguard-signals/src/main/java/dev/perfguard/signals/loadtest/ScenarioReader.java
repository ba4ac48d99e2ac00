package dev.perfguard.signals.loadtest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.loadtest.Threshold;
import dev.perfguard.signals.rageval.QueryReader;
import dev.perfguard.signals.rageval.RetrievalCollector;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario file (YAML, see docs/loadtest.md). Every error is {@code BAD_INPUT} naming the file, the
 * line and the field ({@code scenario.yaml:12: stages[0].rate: must be a positive number}); an unknown key is
 * an error, so a misspelt limit is never silently ignored. A relative {@code queries} path is resolved
 * against the scenario's folder.
 */
public final class ScenarioReader {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");
    private static final Set<String> TOP = Set.of("name", "target", "queries", "requests", "stages", "max_requests", "timeout", "thresholds", "seed");
    private static final Set<String> REQUEST = Set.of("name", "method", "path", "headers", "body", "weight");
    private static final Set<String> CONSTANT = Set.of("executor", "rate", "time_unit", "duration", "max_in_flight");
    private static final Set<String> RAMPING = Set.of("executor", "start_rate", "time_unit", "stages", "max_in_flight");
    private static final Set<String> RAMP = Set.of("target", "duration");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final String file;
    private final Map<String, Integer> lines;

    private ScenarioReader(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static Scenario read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw PerfguardException.badInput(path + ": no such scenario file");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PerfguardException.badInput(path + ": cannot read: " + e.getMessage(), e);
        }
        Path dir = path.toAbsolutePath().getParent();
        return parse(path.toString(), text, dir, path.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    }

    /** Parses {@code text}; {@code file} names it in errors, {@code dir} resolves a relative query file. */
    public static Scenario parse(String file, String text, Path dir, String defaultName) {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            lines = keyLines(text);
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw PerfguardException.badInput(file + (line > 0 ? ":" + line : "") + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw PerfguardException.badInput(file + ": a scenario must be a mapping with target, requests, stages and max_requests");
        }
        return new ScenarioReader(file, lines).scenario(root, dir, defaultName);
    }

    /** The line of every key, by its path ({@code stages[0].rate}), read from the YAML token stream. */
    private static Map<String, Integer> keyLines(String text) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    out.put(pathOf(p.getParsingContext()), p.currentLocation().getLineNr());
                } else if (t.isScalarValue() && p.getParsingContext().inArray()) {
                    // an array context's path already ends with the element's index
                    out.putIfAbsent(pathOf(p.getParsingContext()), p.currentTokenLocation().getLineNr());
                } else if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && p.getParsingContext().getParent() != null
                        && p.getParsingContext().getParent().inArray()) {
                    out.putIfAbsent(pathOf(p.getParsingContext().getParent()), p.currentTokenLocation().getLineNr());
                }
            }
        }
        return out;
    }

    private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (var c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.addFirst(c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (!sb.isEmpty() && !part.startsWith("[")) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private PerfguardException error(String field, String message) {
        Integer line = lines.get(field);
        if (line == null) {
            // the deepest enclosing key that is written in the file
            String f = field;
            while (line == null && !f.isEmpty()) {
                int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
                f = cut < 0 ? "" : f.substring(0, cut);
                line = lines.get(f);
            }
        }
        return PerfguardException.badInput(file + (line == null ? "" : ":" + line) + ": " + field + ": " + message);
    }

    private Scenario scenario(JsonNode root, Path dir, String defaultName) {
        unknown(root, "", TOP);
        String name = root.has("name") ? text(root, "", "name") : defaultName;
        URI target = target(required(root, "", "target"));
        List<RetrievalCollector.Query> queries = List.of();
        if (root.has("queries")) {
            Path q = Path.of(text(root, "", "queries"));
            Path resolved = q.isAbsolute() || dir == null ? q : dir.resolve(q);
            try {
                queries = QueryReader.readFile(resolved);
            } catch (PerfguardException e) {
                throw error("queries", e.getMessage());
            }
            if (queries.isEmpty()) {
                throw error("queries", resolved + " holds no query");
            }
        }
        JsonNode reqs = required(root, "", "requests");
        if (!reqs.isArray() || reqs.isEmpty()) {
            throw error("requests", "expected a list of at least one request");
        }
        List<Scenario.RequestSpec> requests = new ArrayList<>();
        for (int i = 0; i < reqs.size(); i++) {
            requests.add(request(reqs.get(i), "requests[" + i + "]", !queries.isEmpty()));
        }
        JsonNode st = required(root, "", "stages");
        if (!st.isArray() || st.isEmpty()) {
            throw error("stages", "expected a list of at least one stage");
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < st.size(); i++) {
            stages.add(stage(st.get(i), "stages[" + i + "]"));
        }
        JsonNode max = required(root, "", "max_requests");
        if (!max.canConvertToLong() || !max.isIntegralNumber() || max.asLong() < 1) {
            throw error("max_requests", "must be a whole number of at least 1 (a scenario is bounded), was '" + max.asText() + "'");
        }
        Duration timeout = root.has("timeout") ? duration(root.get("timeout"), "timeout") : Duration.ofSeconds(10);
        long seed = root.has("seed") ? wholeNumber(root.get("seed"), "seed") : 1;
        return new Scenario(name, target, requests, queries, stages, max.asLong(), timeout, thresholds(root.get("thresholds")), seed);
    }

    private URI target(JsonNode node) {
        String t = node.asText();
        try {
            URI u = new URI(t.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!node.isTextual() || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw error("target", "expected an http(s) base URL such as http://127.0.0.1:8080, was '" + t + "'");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null) {
                throw error("target", "a base URL takes no query or fragment; put them in the request paths");
            }
            return u;
        } catch (URISyntaxException e) {
            throw error("target", "'" + t + "' is not a URL: " + e.getReason());
        }
    }

    private Scenario.RequestSpec request(JsonNode n, String at, boolean haveQueries) {
        if (!n.isObject()) {
            throw error(at, "expected a mapping with method and path");
        }
        unknown(n, at, REQUEST);
        String method = n.has("method") ? text(n, at, "method").toUpperCase(Locale.ROOT) : "GET";
        if (!METHODS.contains(method)) {
            throw error(at + ".method", "expected one of " + String.join(", ", METHODS.stream().sorted().toList()) + ", was '" + method + "'");
        }
        String path = text(n, at, "path");
        if (!path.startsWith("/")) {
            throw error(at + ".path", "must start with '/' (it is relative to target), was '" + path + "'");
        }
        String body = n.has("body") ? text(n, at, "body") : null;
        if (!haveQueries && (path.contains("{{") || (body != null && body.contains("{{")))) {
            throw error(at + ".path", "uses {{query}} or {{query_id}} but the scenario names no queries file");
        }
        placeholders(path, at + ".path");
        if (body != null) {
            placeholders(body, at + ".body");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (n.has("headers")) {
            JsonNode h = n.get("headers");
            if (!h.isObject()) {
                throw error(at + ".headers", "expected a mapping of header names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw error(at + ".headers." + e.getKey(), "expected a text value");
                }
                headers.put(e.getKey(), e.getValue().asText());
            }
        }
        double weight = n.has("weight") ? positive(n.get("weight"), at + ".weight") : 1;
        String name = n.has("name") ? text(n, at, "name") : method + " " + path;
        return new Scenario.RequestSpec(name, method, path, headers, body, weight);
    }

    private void placeholders(String text, String at) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1).strip();
            if (!name.equals("query") && !name.equals("query_id")) {
                throw error(at, "unknown placeholder {{" + name + "}} (expected {{query}} or {{query_id}})");
            }
        }
    }

    private Stage stage(JsonNode n, String at) {
        if (!n.isObject()) {
            throw error(at, "expected a mapping with executor");
        }
        String executor = text(n, at, "executor");
        switch (executor) {
            case "constant-arrival-rate" -> unknown(n, at, CONSTANT);
            case "ramping-arrival-rate" -> unknown(n, at, RAMPING);
            default -> throw error(at + ".executor", "expected constant-arrival-rate or ramping-arrival-rate, was '" + executor + "'");
        }
        double unit = n.has("time_unit") ? duration(n.get("time_unit"), at + ".time_unit").toNanos() / 1e9 : 1;
        int maxInFlight = (int) Math.min(Integer.MAX_VALUE, wholeNumber(required(n, at, "max_in_flight"), at + ".max_in_flight"));
        if (maxInFlight < 1) {
            throw error(at + ".max_in_flight", "must be at least 1, was " + maxInFlight);
        }
        return switch (executor) {
            case "constant-arrival-rate" -> {
                double rate = positive(required(n, at, "rate"), at + ".rate") / unit;
                yield new Stage.ConstantArrivalRate(rate, duration(required(n, at, "duration"), at + ".duration"), maxInFlight);
            }
            case "ramping-arrival-rate" -> {
                double start = n.has("start_rate") ? nonNegative(n.get("start_rate"), at + ".start_rate") / unit : 0;
                JsonNode rs = required(n, at, "stages");
                if (!rs.isArray() || rs.isEmpty()) {
                    throw error(at + ".stages", "expected a list of {target, duration}");
                }
                List<Stage.Ramp> ramps = new ArrayList<>();
                for (int i = 0; i < rs.size(); i++) {
                    String rat = at + ".stages[" + i + "]";
                    JsonNode r = rs.get(i);
                    if (!r.isObject()) {
                        throw error(rat, "expected a mapping with target and duration");
                    }
                    unknown(r, rat, RAMP);
                    ramps.add(new Stage.Ramp(nonNegative(required(r, rat, "target"), rat + ".target") / unit,
                            duration(required(r, rat, "duration"), rat + ".duration")));
                }
                if (start == 0 && ramps.stream().allMatch(r -> r.target() == 0)) {
                    throw error(at, "every rate is 0: the stage would send nothing");
                }
                yield new Stage.RampingArrivalRate(start, ramps, maxInFlight);
            }
            default -> throw error(at + ".executor", "expected constant-arrival-rate or ramping-arrival-rate, was '" + executor + "'");
        };
    }

    private List<Threshold> thresholds(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isObject()) {
            throw error("thresholds", "expected a mapping of metric to a list of expressions, e.g. http_req_duration: [\"p(95)<300\"]");
        }
        List<Threshold> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String at = "thresholds." + e.getKey();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw error(at, "expected a list of expressions, e.g. [\"p(95)<300\"]");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isTextual()) {
                    throw error(at + "[" + i + "]", "expected an expression in quotes, e.g. \"p(95)<300\"");
                }
                try {
                    out.add(Threshold.parse(e.getKey(), list.get(i).asText()));
                } catch (IllegalArgumentException ex) {
                    throw error(at + "[" + i + "]", ex.getMessage());
                }
            }
        }
        return out;
    }

    private void unknown(JsonNode n, String at, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw error(at.isEmpty() ? k : at + "." + k, "unknown key (expected one of: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private JsonNode required(JsonNode n, String at, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw error(at.isEmpty() ? key : at, "'" + key + "' is required");
        }
        return v;
    }

    private String text(JsonNode n, String at, String key) {
        JsonNode v = required(n, at, key);
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw error(at.isEmpty() ? key : at + "." + key, "expected a text value");
        }
        return v.asText();
    }

    private double positive(JsonNode v, String at) {
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw error(at, "must be a positive number, was '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private double nonNegative(JsonNode v, String at) {
        if (!v.isNumber() || v.asDouble() < 0) {
            throw error(at, "must be a number >= 0, was '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private long wholeNumber(JsonNode v, String at) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(at, "must be a whole number, was '" + v.asText() + "'");
        }
        return v.asLong();
    }

    private Duration duration(JsonNode v, String at) {
        String s = v.asText().strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (!v.isTextual() || !m.matches()) {
            throw error(at, "expected a duration like 500ms, 30s, 5m or 1h, was '" + v.asText() + "'");
        }
        double n = Double.parseDouble(m.group(1));
        double nanos = n * switch (m.group(2)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        if (nanos < 1e6) {
            throw error(at, "must be at least 1ms, was '" + v.asText() + "'");
        }
        return Duration.ofNanos((long) nanos);
    }
}
