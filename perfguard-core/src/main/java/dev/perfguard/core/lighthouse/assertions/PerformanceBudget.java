package dev.perfguard.core.lighthouse.assertions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One entry of a Lighthouse {@code budgets.json}. As {@code lhci assert --budgetsFile} does, a
 * budgets file becomes an assertion matrix: one entry per budget, matching its {@code path}, each
 * limit an {@code error} assertion on the best run (timings on their audit's value, resource sizes in
 * KiB and counts on {@code resource-summary}'s rows).
 *
 * @param path a robots.txt-style path ({@code /}, {@code /shop/*}, {@code /checkout$}); empty: every URL
 */
public record PerformanceBudget(Optional<String> path, List<Limit> resourceSizes, List<Limit> resourceCounts, List<Limit> timings) {
    public static final List<String> RESOURCE_TYPES =
            List.of("total", "document", "script", "stylesheet", "image", "media", "font", "other", "third-party");
    public static final List<String> TIMING_METRICS = List.of("first-contentful-paint", "interactive", "first-meaningful-paint",
            "max-potential-fid", "total-blocking-time", "speed-index", "largest-contentful-paint", "cumulative-layout-shift");

    /** A limit on one resource type or one timing metric. */
    public record Limit(String name, double budget) {
        public Limit {
            Objects.requireNonNull(name, "name");
        }
    }

    public PerformanceBudget {
        Objects.requireNonNull(path, "path");
        path.ifPresent(PerformanceBudget::checkPath);
        resourceSizes = checked(resourceSizes, RESOURCE_TYPES, "resourceSizes", "resource type");
        resourceCounts = checked(resourceCounts, RESOURCE_TYPES, "resourceCounts", "resource type");
        timings = checked(timings, TIMING_METRICS, "timings", "timing metric");
    }

    private static List<Limit> checked(List<Limit> limits, List<String> valid, String field, String what) {
        List<String> seen = new ArrayList<>();
        for (Limit l : limits) {
            if (!valid.contains(l.name())) {
                throw new IllegalArgumentException(field + ": invalid " + what + " '" + l.name() + "' (expected one of: "
                        + String.join(", ", valid) + ")");
            }
            if (seen.contains(l.name())) {
                throw new IllegalArgumentException(field + ": '" + l.name() + "' is listed twice");
            }
            seen.add(l.name());
        }
        return List.copyOf(limits);
    }

    private static void checkPath(String p) {
        String why = !p.startsWith("/") ? "it must start with '/'"
                : p.chars().filter(c -> c == '*').count() > 1 ? "it may contain one '*' only"
                : p.chars().filter(c -> c == '$').count() > 1 || (p.contains("$") && !p.endsWith("$"))
                        ? "'$' may only end it" : null;
        if (why != null) {
            throw new IllegalArgumentException("path: invalid path '" + p + "': " + why + " (robots.txt format)");
        }
    }

    /** The budgets as LHCI's assertion matrix. */
    public static AssertConfig toAssertConfig(List<PerformanceBudget> budgets) {
        List<AssertSettings> sets = new ArrayList<>();
        for (PerformanceBudget b : budgets) {
            Map<String, Assertion> assertions = new LinkedHashMap<>();
            for (Limit t : b.timings) {
                assertions.put(t.name(), max(t.budget()));
            }
            for (Limit c : b.resourceCounts) {
                assertions.put("resource-summary:" + c.name() + ":count", max(c.budget()));
            }
            for (Limit s : b.resourceSizes) {
                assertions.put("resource-summary:" + s.name() + ":size", max(s.budget() * 1024));
            }
            sets.add(new AssertSettings(Optional.empty(), assertions, Optional.of(pathPattern(b.path)), Optional.empty()));
        }
        return new AssertConfig(sets, false);
    }

    private static Assertion max(double limit) {
        return new Assertion(Level.ERROR, true, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(limit), Optional.empty());
    }

    /** A budget's path as the regular expression LHCI matches URLs with: {@code *} any text, {@code $} the end. */
    static String pathPattern(Optional<String> path) {
        if (path.isEmpty() || path.get().equals("/")) {
            return ".*";
        }
        StringBuilder sb = new StringBuilder("https?://[^/]+");
        String p = path.get();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                sb.append(".*");
            } else if ("-[]{}()+?.,\\^|#".indexOf(c) >= 0 || Character.isWhitespace(c)) {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
