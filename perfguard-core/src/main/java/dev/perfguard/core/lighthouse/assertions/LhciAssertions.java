package dev.perfguard.core.lighthouse.assertions;

import dev.perfguard.core.lighthouse.LhrDetail;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Judges LHCI assertions on runs the way {@code lhci assert} 0.15.1 does.
 *
 * <ul>
 *   <li>Runs are grouped by URL (the LHR's {@code finalUrl}); every set of assertions applies to each
 *       group whose URL its {@code matchingUrlPattern}, if any, finds a match in.
 *   <li>An assertion key is turned to kebab case and split at {@code .} and {@code :} into the audit id
 *       and a property ({@code categories:performance}, {@code resource-summary:script:size},
 *       {@code user-timings:my-mark}).
 *   <li>An audit absent from any run (an audit that report's Lighthouse version does not have, or a
 *       category not run) fails as {@code auditRan}, whatever its options.
 *   <li>{@code maxLength} counts {@code details.items}; {@code maxNumericValue} takes
 *       {@code numericValue}; {@code minScore} takes the score (1 for a not-applicable audit, 0 for an
 *       informative one). Without any of the three, {@code minScore} 0.9 is asserted.
 *   <li>The runs' values are aggregated: optimistic by default (the best run), pessimistic (the worst),
 *       median (the middle one, the mean of the middle two), or median-run (the values of the run
 *       nearest the median first contentful paint and time to interactive). Runs without a value are
 *       left out, except for pessimistic, where one missing value fails the assertion.
 * </ul>
 */
public final class LhciAssertions {
    private static final Pattern SPLIT = Pattern.compile("[.:]");

    private LhciAssertions() {}

    /** Judges {@code config} on {@code runs}; every result, passed ones included. */
    public static AssertionReport evaluate(AssertConfig config, List<LighthouseRun> runs) {
        if (config.isEmpty()) {
            return AssertionReport.NONE;
        }
        Map<String, List<LighthouseRun>> byUrl = new LinkedHashMap<>();
        for (LighthouseRun r : runs) {
            byUrl.computeIfAbsent(r.url(), k -> new ArrayList<>()).add(r);
        }
        List<AssertionResult> results = new ArrayList<>();
        for (List<LighthouseRun> group : byUrl.values()) {
            for (AssertSettings s : config.sets()) {
                forUrl(s, group, results);
            }
        }
        return new AssertionReport(true, results, config.includePassedAssertions());
    }

    private static void forUrl(AssertSettings s, List<LighthouseRun> all, List<AssertionResult> out) {
        Map<String, Assertion> assertions = s.assertions();
        if (s.preset().isPresent()) {
            Map<String, Assertion> merged = new LinkedHashMap<>(Presets.assertions(s.preset().get()));
            assertions.forEach((k, a) -> {
                Assertion base = merged.get(k);
                merged.put(k, base == null ? a : a.over(base));
            });
            assertions = merged;
        }
        List<LighthouseRun> runs = all;
        if (s.matchingUrlPattern().isPresent()) {
            Pattern p = Pattern.compile(s.matchingUrlPattern().get());
            runs = all.stream().filter(r -> p.matcher(r.url()).find()).toList();
        }
        if (runs.isEmpty()) {
            return;
        }
        String url = runs.getFirst().url();
        LighthouseRun medianRun = medianRun(runs);
        Set<String> keys = new LinkedHashSet<>();
        assertions.keySet().forEach(k -> keys.add(kebab(k)));
        for (String key : keys) {
            // a key written in camelCase is looked up by its kebab-case form, as LHCI does: it asserts nothing
            Assertion a = assertions.getOrDefault(key, Assertion.OFF);
            if (a.level() == Level.OFF) {
                continue;
            }
            List<String> parts = Arrays.stream(SPLIT.split(key)).filter(x -> !x.isEmpty()).toList();
            if (parts.isEmpty()) {
                continue;
            }
            String auditId = parts.getFirst();
            List<String> property = parts.subList(1, parts.size());
            Aggregation agg = a.aggregation().or(s::aggregation).orElse(Aggregation.OPTIMISTIC);
            List<LighthouseRun> used = agg == Aggregation.MEDIAN_RUN ? List.of(medianRun) : runs;
            List<LhrDetail.Audit> audits = used.stream().map(r -> r.detail().audits().get(auditId)).toList();
            Optional<String> title = title(runs, auditId);
            for (Judged j : judge(auditId, property, audits, a, agg, runs)) {
                out.add(new AssertionResult(url, auditId, j.property, title, j.name, j.operator, j.expected, j.actual, j.values,
                        a.level(), j.passed, j.message));
            }
        }
    }

    private record Judged(Optional<String> property, String name, String operator, double expected, double actual,
            List<Double> values, boolean passed, Optional<String> message) {
        Judged withProperty(String p) {
            return new Judged(Optional.of(p), name, operator, expected, actual, values, passed, message);
        }
    }

    /** A pseudo audit: what an assertion reads of one run (an audit, a category's score, a table row's number). */
    private record Value(double score, String scoreDisplayMode, double numericValue, int itemCount) {
        static Value of(LhrDetail.Audit a) {
            return new Value(a.score(), a.scoreDisplayMode(), a.numericValue(), a.itemCount());
        }
    }

    private static List<Judged> judge(String auditId, List<String> property, List<LhrDetail.Audit> audits, Assertion a,
            Aggregation agg, List<LighthouseRun> runs) {
        if (auditId.equals("performance-budget")) {
            // Lighthouse 12 dropped budgets from its reports: LHCI then finds no rows and asserts nothing
            return List.of();
        }
        if (auditId.equals("categories") && !property.isEmpty()) {
            if (property.size() != 1) {
                throw new IllegalArgumentException("invalid category assertion 'categories." + String.join(".", property) + "'");
            }
            String category = property.getFirst();
            // categories are read from every run, median-run or not, as LHCI does
            List<Value> values = runs.stream().map(r -> {
                Double score = r.detail().categories().get(category);
                return score == null ? null : new Value(score, "", Double.NaN, 0);
            }).toList();
            return standard(values, a, agg, null).stream().map(j -> j.withProperty(category)).toList();
        }
        if (auditId.equals("resource-summary") && !property.isEmpty()) {
            if (property.size() != 2 || !(property.get(1).equals("size") || property.get(1).equals("count"))) {
                throw new IllegalArgumentException("invalid resource-summary assertion 'resource-summary."
                        + String.join(".", property) + "' (expected resource-summary:TYPE:size or resource-summary:TYPE:count)");
            }
            boolean size = property.get(1).equals("size");
            List<Value> values = audits.stream().map(au -> {
                if (au == null) {
                    return null;
                }
                for (LhrDetail.Item item : au.items()) {
                    if (item.label().equals(property.getFirst())) {
                        Double n = size ? item.numbers().getOrDefault("size", item.numbers().get("transferSize"))
                                : item.numbers().get("requestCount");
                        return n == null ? null : new Value(au.score(), au.scoreDisplayMode(), n, au.itemCount());
                    }
                }
                return (Value) null;
            }).toList();
            return standard(values, a, agg, null).stream().map(j -> j.withProperty(String.join(".", property))).toList();
        }
        if (auditId.equals("user-timings") && !property.isEmpty()) {
            String timing = kebabAlphanumeric(String.join("-", property));
            List<Value> values = audits.stream().map(au -> {
                if (au == null) {
                    return null;
                }
                for (LhrDetail.Item item : au.items()) {
                    if (kebabAlphanumeric(item.label()).equals(timing)) {
                        Double d = item.numbers().get("duration");
                        double n = d != null && Double.isFinite(d) ? d : item.numbers().getOrDefault("startTime", Double.NaN);
                        return new Value(au.score(), au.scoreDisplayMode(), n, au.itemCount());
                    }
                }
                return (Value) null;
            }).toList();
            return standard(values, a, agg, null).stream().map(j -> j.withProperty(timing)).toList();
        }
        return standard(audits.stream().map(au -> au == null ? null : Value.of(au)).toList(), a, agg, auditId);
    }

    private static List<Judged> standard(List<Value> values, Assertion a, Aggregation agg, String auditId) {
        if (values.stream().anyMatch(v -> v == null)) {
            List<Double> ran = values.stream().map(v -> v == null ? 0.0 : 1.0).toList();
            Optional<String> message = auditId != null && !Presets.known(auditId)
                    ? Optional.of("\"" + auditId + "\" is not a known audit.") : Optional.empty();
            return List.of(new Judged(Optional.empty(), "auditRan", ">=", 1, 0, ran, false, message));
        }
        List<Judged> out = new ArrayList<>();
        a.maxLength().ifPresent(max -> out.add(judge(values, agg, "maxLength", max, v -> v.itemCount)));
        a.maxNumericValue().ifPresent(max -> out.add(judge(values, agg, "maxNumericValue", max, Value::numericValue)));
        OptionalDouble minScore = a.minScore().isEmpty() && a.maxLength().isEmpty() && a.maxNumericValue().isEmpty()
                ? OptionalDouble.of(0.9) : a.minScore();
        minScore.ifPresent(min -> out.add(judge(values, agg, "minScore", min, LhciAssertions::score)));
        return out;
    }

    private static double score(Value v) {
        if (!Double.isNaN(v.score)) {
            return v.score;
        }
        return switch (v.scoreDisplayMode) {
            case "notApplicable" -> 1;
            case "informative" -> 0;
            default -> Double.NaN;
        };
    }

    private static Judged judge(List<Value> runs, Aggregation agg, String name, double expected, ToDoubleFunction<Value> read) {
        double[] all = runs.stream().mapToDouble(read).toArray();
        double[] finite = Arrays.stream(all).filter(Double::isFinite).toArray();
        boolean max = name.startsWith("max");
        String operator = max ? "<=" : ">=";
        if ((finite.length == 0 && agg != Aggregation.PESSIMISTIC) || (finite.length != all.length && agg == Aggregation.PESSIMISTIC)) {
            String message = Arrays.stream(all).anyMatch(Double::isNaN)
                    ? "Audit did not produce a value at all. \"" + name + "\" might not be a valid assertion for this audit."
                    : agg == Aggregation.PESSIMISTIC
                            ? "Audit failed to produce a valid value. Try using an aggregationMethod other than \"pessimistic\"."
                            : "Audit failed to produce a valid value. If this is reproducible, please file an issue on GitHub.";
            List<Double> nan = Arrays.stream(all).mapToObj(v -> Double.isFinite(v) ? v : Double.NaN).toList();
            return new Judged(Optional.empty(), name, operator, expected, Double.NaN, nan, false, Optional.of(message));
        }
        double actual = aggregate(finite, agg, max);
        boolean passed = max ? actual <= expected : actual >= expected;
        return new Judged(Optional.empty(), name, operator, expected, actual, Arrays.stream(finite).boxed().toList(), passed, Optional.empty());
    }

    private static double aggregate(double[] v, Aggregation agg, boolean maxAssertion) {
        if (agg == Aggregation.MEDIAN) {
            double[] s = v.clone();
            Arrays.sort(s);
            int mid = (s.length - 1) / 2;
            return s.length % 2 == 1 ? s[mid] : (s[mid] + s[mid + 1]) / 2;
        }
        boolean min = (agg == Aggregation.OPTIMISTIC && maxAssertion) || (agg == Aggregation.PESSIMISTIC && !maxAssertion);
        return min ? Arrays.stream(v).min().orElseThrow() : Arrays.stream(v).max().orElseThrow();
    }

    /**
     * The run LHCI takes as the median one: nearest, by squared distance, to the median first
     * contentful paint and the median time to interactive (each the upper median, a missing value 0).
     */
    static LighthouseRun medianRun(List<LighthouseRun> runs) {
        ToDoubleFunction<LighthouseRun> fcp = r -> metric(r, "first-contentful-paint");
        ToDoubleFunction<LighthouseRun> tti = r -> metric(r, "interactive");
        double medianFcp = runs.stream().mapToDouble(fcp).sorted().toArray()[runs.size() / 2];
        double medianTti = runs.stream().mapToDouble(tti).sorted().toArray()[runs.size() / 2];
        return runs.stream().min(Comparator.comparingDouble(r -> {
            double a = medianFcp - fcp.applyAsDouble(r);
            double b = medianTti - tti.applyAsDouble(r);
            return a * a + b * b;
        })).orElseThrow();
    }

    private static double metric(LighthouseRun r, String audit) {
        LhrDetail.Audit a = r.detail().audits().get(audit);
        return a == null || !Double.isFinite(a.numericValue()) ? 0 : a.numericValue();
    }

    private static Optional<String> title(List<LighthouseRun> runs, String auditId) {
        LhrDetail.Audit first = null;
        for (LighthouseRun r : runs) {
            LhrDetail.Audit a = r.detail().audits().get(auditId);
            if (a == null) {
                continue;
            }
            if (a.score() != 1) {
                return a.title().isEmpty() ? Optional.empty() : Optional.of(a.title());
            }
            if (first == null) {
                first = a;
            }
        }
        return first == null || first.title().isEmpty() ? Optional.empty() : Optional.of(first.title());
    }

    /** camelCase to kebab-case, lower-cased. */
    static String kebab(String s) {
        return s.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Kebab case of letters and digits only: the name of a user timing as an assertion key writes it. */
    static String kebabAlphanumeric(String s) {
        String k = s.replaceAll("([a-z])([A-Z])", "$1-$2").replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("-+", "-")
                .replaceAll("(^-|-$)", "");
        return k.toLowerCase(Locale.ROOT);
    }
}
