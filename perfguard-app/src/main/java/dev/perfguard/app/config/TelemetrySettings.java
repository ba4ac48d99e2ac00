package dev.perfguard.app.config;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.telemetry.Aggregate;
import dev.perfguard.core.telemetry.Baseline;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Queries;
import dev.perfguard.core.telemetry.Rule;
import dev.perfguard.signals.prometheus.PrometheusClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code telemetry} section turned into core {@link Expectation}s. {@link ConfigLoader} runs
 * this when loading, so a bad expectation is a {@code CONFIG} error naming the line and the key;
 * later calls on a loaded config do not fail.
 */
public final class TelemetrySettings {
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private TelemetrySettings() {}

    /** A problem with one key of the section; {@code key} is the path, e.g. {@code telemetry.expectations[2].baseline}. */
    static final class Invalid extends RuntimeException {
        private final String key;

        Invalid(String key, String message) {
            super(message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** The configured Prometheus base URL, if any. */
    public static Optional<URI> prometheus(PerfguardConfig c) {
        return Optional.ofNullable(c.telemetry().prometheus()).map(TelemetrySettings::prometheusUrl);
    }

    static URI prometheusUrl(String text) {
        try {
            return PrometheusClient.requireBase(new URI(text.trim()));
        } catch (URISyntaxException | PerfguardException e) {
            throw new Invalid("telemetry.prometheus", "expected an absolute http(s) URL like http://prometheus:9090, got '" + text + "'");
        }
    }

    /** Every configured expectation, in file order. */
    public static List<Expectation> expectations(PerfguardConfig c) {
        List<Expectation> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        var list = c.telemetry().expectations();
        for (int i = 0; i < list.size(); i++) {
            String key = "telemetry.expectations[" + i + "]";
            var e = list.get(i);
            if (e == null) {
                throw new Invalid(key, "an expectation must be a mapping with name, query and max/min or baseline");
            }
            Expectation x = expectation(key, e, c);
            if (!names.add(x.name())) {
                throw new Invalid(key + ".name", "name '" + x.name() + "' is used by an earlier expectation; names must be unique");
            }
            out.add(x);
        }
        return List.copyOf(out);
    }

    /** Validates the section (the URL, the timeout and every expectation). */
    static void validate(PerfguardConfig c) {
        prometheus(c);
        Duration t = c.telemetry().timeout();
        if (t.isNegative() || t.isZero() || t.compareTo(MAX_TIMEOUT) > 0) {
            throw new Invalid("telemetry.timeout", "must be positive and at most 10m, was " + t);
        }
        if (c.telemetry().step() != null) {
            at("telemetry.step", () -> {
                Queries.checkStep(c.telemetry().step(), c.reportingWindow());
                return null;
            });
        }
        expectations(c);
    }

    private static Expectation expectation(String key, PerfguardConfig.TelemetryExpectation e, PerfguardConfig c) {
        require(e.name() != null && !e.name().isBlank(), key + ".name", "is required");
        require(e.query() != null && !e.query().isBlank(), key + ".query", "is required");
        String kind = e.kind() == null ? (e.baseline() != null ? "relative" : "absolute") : e.kind().trim().toLowerCase(Locale.ROOT);
        Rule rule;
        switch (kind) {
            case "absolute" -> {
                require(e.max() != null || e.min() != null, key + ".max", "an absolute expectation needs max, min or both");
                require(e.baseline() == null, key + ".baseline", "belongs to kind relative, not absolute");
                require(e.tolerance() == null, key + ".tolerance", "belongs to kind relative, not absolute");
                rule = at(key + (e.max() != null ? ".max" : ".min"), () -> new Rule.Absolute(opt(e.min()), opt(e.max())));
            }
            case "relative" -> {
                require(e.max() == null, key + ".max", "belongs to kind absolute; a relative expectation uses baseline and tolerance");
                require(e.min() == null, key + ".min", "belongs to kind absolute; a relative expectation uses baseline and tolerance");
                require(e.baseline() != null, key + ".baseline", "is required for kind relative (1d, 1w or trailing:N)");
                Baseline b = at(key + ".baseline", () -> Baseline.parse(e.baseline()));
                require(e.tolerance() != null, key + ".tolerance", "is required for kind relative (10% of the baseline, or an absolute amount)");
                Direction better = switch (e.better() == null ? "lower" : e.better().trim().toLowerCase(Locale.ROOT)) {
                    case "lower" -> Direction.LOWER_IS_BETTER;
                    case "higher" -> Direction.HIGHER_IS_BETTER;
                    default -> throw new Invalid(key + ".better", "expected lower or higher, got '" + e.better() + "'");
                };
                rule = at(key + ".tolerance", () -> new Rule.Relative(b, e.tolerance().value(), e.tolerance().percent(), better));
            }
            default -> throw new Invalid(key + ".kind", "expected absolute or relative, got '" + e.kind() + "'");
        }
        if (kind.equals("absolute")) {
            require(e.better() == null, key + ".better", "belongs to kind relative; max and min already say which way is bad");
        }
        String metric = e.metric() != null ? e.metric().trim() : "telemetry." + snake(e.name());
        if (e.squad() != null) {
            require(c.squads().containsKey(e.squad()), key + ".squad", "squad '" + e.squad() + "' is not configured under squads"
                    + (c.squads().isEmpty() ? " (none are)" : " (configured: " + String.join(", ", new TreeSet<>(c.squads().keySet())) + ")"));
        }
        Optional<URI> panel = Optional.empty();
        if (e.panel() != null) {
            try {
                panel = Optional.of(new URI(e.panel().trim()));
            } catch (URISyntaxException ex) {
                throw new Invalid(key + ".panel", "not a URL: " + ex.getMessage());
            }
        }
        Optional<URI> p = panel;
        boolean overWindow = Queries.spansWindow(e.query());
        String onlyWithout = "applies only to a query without " + Queries.WINDOW + " (one with it is a single value over the window)";
        Aggregate aggregate = Aggregate.MEAN;
        if (e.aggregate() != null) {
            require(!overWindow, key + ".aggregate", onlyWithout);
            aggregate = at(key + ".aggregate", () -> Aggregate.parse(e.aggregate()));
        }
        require(e.step() == null || !overWindow, key + ".step", onlyWithout);
        Optional<Duration> step = Optional.ofNullable(e.step() != null ? e.step() : c.telemetry().step());
        Aggregate a = aggregate;
        String field = e.metric() != null ? ".metric" : ".name";
        Expectation x = at(key, () -> new Expectation(e.name().trim(), e.query().trim(), metric, rule, Optional.ofNullable(e.squad()), p,
                a, step), field, e.panel() != null ? ".panel" : field);
        if (e.step() != null) {
            at(key + ".step", () -> {
                Evaluator.checkStep(x, c.reportingWindow());
                return x;
            });
        }
        at(key + ".baseline", () -> {
            Evaluator.checkFits(x, c.reportingWindow());
            return x;
        });
        return x;
    }

    /** Runs {@code f}; a {@code BAD_INPUT} from the core records becomes an {@link Invalid} for {@code key}. */
    private static <T> T at(String key, Supplier<T> f) {
        try {
            return f.get();
        } catch (PerfguardException ex) {
            throw new Invalid(key, ex.getMessage());
        }
    }

    /** Like {@link #at(String, java.util.function.Supplier)}, picking the key by the message: panel problems name {@code panel}. */
    private static <T> T at(String key, Supplier<T> f, String defaultField, String panelField) {
        try {
            return f.get();
        } catch (PerfguardException ex) {
            String m = ex.getMessage();
            String field = m.startsWith("panel") ? panelField : m.startsWith("metric") ? ".metric" : m.startsWith("query") ? ".query"
                    : m.startsWith("squad") ? ".squad" : m.startsWith("step") ? ".step" : defaultField;
            throw new Invalid(key + field, m);
        }
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new Invalid(key, message);
        }
    }

    private static OptionalDouble opt(Double d) {
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    static String snake(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "expectation" : s;
    }
}
