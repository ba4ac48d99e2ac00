package dev.perfguard.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.UrlNormalizer;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads and validates {@code perfguard.yaml}. An unknown key, a wrong type or a bad value is a
 * {@link ErrorCode#CONFIG} error naming the file, the line and the key path
 * ({@code lighthouse.expectations[0].tolerance}).
 */
public final class ConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Built on first parse: without a config file, commands never pay for Jackson's set-up. */
    private ObjectMapper mapper;

    public ConfigLoader() {}

    private ObjectMapper mapper() {
        if (mapper != null) {
            return mapper;
        }
        SimpleModule durations = new SimpleModule();
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return parseDuration(p.getValueAsString());
            }
        });
        mapper = JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(durations)
                .build();
        return mapper;
    }

    /**
     * {@code 1h}, {@code 30m}, {@code 90s}, {@code 1d}, {@code 500ms}, or ISO-8601 ({@code PT1H}).
     *
     * @throws IllegalArgumentException naming what was expected; callers add the key or option
     */
    public static Duration parseDuration(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected a duration like 1h, 30m or 90s");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.isZero()) {
                throw new IllegalArgumentException("a duration must be positive, got '" + text + "'");
            }
            return d;
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration like 1h, 30m or 90s, got '" + text + "'");
        }
    }

    /** Loads {@code file}; with {@code null}, {@code ./perfguard.yaml} if it exists, else the defaults. */
    public PerfguardConfig load(Path file) {
        if (file == null) {
            Path implicit = Path.of("perfguard.yaml");
            return Files.isRegularFile(implicit) ? load(implicit) : PerfguardConfig.defaults();
        }
        if (!Files.isRegularFile(file)) {
            throw new PerfguardException(ErrorCode.CONFIG, file + ": no such configuration file");
        }
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.CONFIG, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public PerfguardConfig parse(String name, String yaml) {
        if (yaml.isBlank()) {
            return PerfguardConfig.defaults();
        }
        PerfguardConfig config;
        try (Reader r = new StringReader(yaml)) {
            config = mapper().readValue(r, PerfguardConfig.class);
        } catch (UnrecognizedPropertyException e) {
            Collection<Object> known = e.getKnownPropertyIds();
            String options = known == null ? "" : " (expected one of: "
                    + known.stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            throw error(name, yaml, e.getLocation(), path(e), "unknown key '" + e.getPropertyName() + "'" + options, e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw error(name, yaml, e.getLocation(), path(e), cause.getMessage(), e);
        } catch (InvalidFormatException e) {
            throw error(name, yaml, e.getLocation(), path(e), "expected " + simpleType(e.getTargetType()) + ", got '" + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            String target = e.getTargetType() == null ? "another type" : simpleType(e.getTargetType());
            throw error(name, yaml, e.getLocation(), path(e), "expected " + target + " (" + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw error(name, yaml, e.getLocation(), path(e), firstLine(cause instanceof JsonMappingException jm ? jm.getOriginalMessage() : cause.getMessage()), e);
        } catch (JsonParseException e) {
            throw error(name, yaml, e.getLocation(), "", "not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.CONFIG, name + ": cannot read: " + e.getMessage(), e);
        }
        validate(name, config);
        try {
            TelemetrySettings.validate(config);
        } catch (TelemetrySettings.Invalid e) {
            throw error(name, yaml, null, e.key(), e.getMessage(), e);
        }
        for (int i = 0; i < config.loadtest().allowedHosts().size(); i++) {
            String host = config.loadtest().allowedHosts().get(i);
            if (host == null || !host.matches("[A-Za-z0-9.\\-]+|\\[?[0-9A-Fa-f:.]+]?")) {
                throw error(name, yaml, null, "loadtest.allowed_hosts[" + i + "]",
                        "expected a host name or IP address (no scheme, port or path), was '" + host + "'", null);
            }
        }
        var lt = config.loadtest();
        if ((lt.queries() == null) != (lt.qrels() == null)) {
            throw error(name, yaml, null, lt.queries() == null ? "loadtest.queries" : "loadtest.qrels",
                    "the retrieval check needs both loadtest.queries and loadtest.qrels", null);
        }
        if (lt.queries() != null && lt.scenario() == null) {
            throw error(name, yaml, null, "loadtest.scenario", "loadtest.queries and loadtest.qrels need loadtest.scenario", null);
        }
        if (lt.poll().isNegative() || lt.poll().isZero()) {
            throw error(name, yaml, null, "loadtest.poll", "must be positive, was " + lt.poll(), null);
        }
        NotifyConfigs.validate(name, yaml, config.notifications());
        ServerSettings.validate(name, yaml, config.server());
        PanelSettings.validate(name, yaml, config.panels());
        RerunSettings.validate(name, yaml, config.rerun());
        FlagSettings.validate(name, yaml, config.flags());
        return config;
    }

    private static void validate(String name, PerfguardConfig c) {
        if (c.closeAfterWindows() < 1 || c.closeAfterWindows() > 100) {
            throw new PerfguardException(ErrorCode.CONFIG, name + ": close_after_windows must be between 1 and 100, was " + c.closeAfterWindows());
        }
        var lh = c.lighthouse();
        check(name, lh.significance() > 0 && lh.significance() < 1, "lighthouse.significance must be between 0 and 1, was " + lh.significance());
        check(name, lh.budgetSignificance() > 0 && lh.budgetSignificance() < 1, "lighthouse.budget_significance must be between 0 and 1, was " + lh.budgetSignificance());
        check(name, lh.minRuns() >= 1, "lighthouse.min_runs must be at least 1, was " + lh.minRuns());
        check(name, lh.runsPerBuild() >= 1, "lighthouse.runs_per_build must be at least 1, was " + lh.runsPerBuild());
        check(name, lh.historyMinEffect() >= 0, "lighthouse.history_min_effect must be >= 0, was " + lh.historyMinEffect());
        check(name, lh.historyAlertBuilds() >= 0, "lighthouse.history_alert_builds must be >= 0, was " + lh.historyAlertBuilds());
        check(name, lh.machineSpeedTolerance() >= 0, "lighthouse.machine_speed_tolerance must be >= 0, was " + lh.machineSpeedTolerance());
        for (int i = 0; i < lh.expectations().size(); i++) {
            var e = lh.expectations().get(i);
            String key = "lighthouse.expectations[" + i + "]";
            check(name, e.metric() != null, key + ".metric is required");
            check(name, LighthouseMetric.byName(e.metric()).isPresent(),
                    key + ".metric: unknown Lighthouse metric '" + e.metric() + "' (expected one of: performance, "
                            + "first-contentful-paint, largest-contentful-paint, cumulative-layout-shift, total-blocking-time, "
                            + "speed-index, interactive, max-potential-fid, or fcp, lcp, cls, tbt, si, tti, mpfid)");
            check(name, e.tolerance() == null || e.tolerance().value() >= 0, key + ".tolerance must not be negative");
            check(name, e.minDelta() == null || e.minDelta() >= 0, key + ".min_delta must not be negative");
        }
        LhciConfig.parse(name, "lighthouse.assert", lh.lhciAssert());
        double ingestTolerance = c.ingest().tolerance().value();
        check(name, ingestTolerance >= 0 && !Double.isInfinite(ingestTolerance),
                "ingest.tolerance must be a finite number >= 0, was " + c.ingest().tolerance());
        for (int i = 0; i < lh.urlReplacementPatterns().size(); i++) {
            try {
                UrlNormalizer.Replacement.parse(lh.urlReplacementPatterns().get(i));
            } catch (IllegalArgumentException ex) {
                throw new PerfguardException(ErrorCode.CONFIG, name + ": lighthouse.url_replacement_patterns[" + i + "]: " + ex.getMessage());
            }
        }
    }

    private static void check(String name, boolean ok, String message) {
        if (!ok) {
            throw new PerfguardException(ErrorCode.CONFIG, name + ": " + message);
        }
    }

    private static PerfguardException error(String name, String text, JsonLocation reported, String path, String message, Throwable cause) {
        int line = YamlLines.lineOf(path, text);
        if (line < 1 && reported != null) {
            line = reported.getLineNr();
        }
        String where = line < 1 ? name : name + ":" + line;
        String key = path.isEmpty() ? "" : " key '" + path + "':";
        return new PerfguardException(ErrorCode.CONFIG, where + ":" + key + " " + message, cause);
    }

    /**
     * The line of a key path in the YAML being parsed, found by walking the path's field names down
     * the text. Jackson's record deserialization reports the reader's position, which may already
     * be past the offending key; the text walk names the key's own line.
     */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    private static String simpleType(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class) {
            return "a whole number";
        }
        if (t == Double.class || t == double.class) {
            return "a number";
        }
        if (t == String.class) {
            return "a text value";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "a mapping";
        }
        return t.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
