package dev.perfguard.core.loadtest;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One threshold in k6's syntax: {@code AGGREGATION OPERATOR VALUE} on a metric, e.g. {@code p(95)<300} on
 * {@code http_req_duration} (milliseconds) or {@code rate<0.01} on {@code http_req_failed}. The threshold
 * passes when the expression holds (k6: "the test fails when a threshold's condition is false").
 *
 * <p>Metrics and aggregations understood: {@code http_req_duration}: {@code avg}, {@code min}, {@code med},
 * {@code max}, {@code p(N)} for 0 &lt; N &lt; 100 (decimals allowed, {@code p(99.9)}); {@code http_req_failed}:
 * {@code rate}; {@code http_reqs}, {@code iterations}, {@code dropped_iterations}: {@code count}, {@code rate}.
 * Operators: {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==}, {@code ===}, {@code !=}.
 *
 * @param metric the k6 metric name
 * @param expression the text as written, e.g. {@code p(95)<300}
 * @param aggregation {@code avg}, {@code p(95)}, {@code rate}, ...; percentiles normalised ({@code p(95.0)} is {@code p(95)})
 * @param operator one of the operators above ({@code ===} kept as {@code ==})
 * @param value the bound
 */
public record Threshold(String metric, String expression, String aggregation, String operator, double value) {
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*(avg|min|med|max|count|rate|p\\(\\s*([0-9]+(?:\\.[0-9]+)?)\\s*\\))\\s*(<=|>=|===|==|!=|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*");
    private static final Set<String> DURATION_STATS = Set.of("avg", "min", "med", "max");
    private static final Pattern PERCENTILE = Pattern.compile("p\\(([0-9]+(?:\\.[0-9]+)?)\\)");

    public Threshold {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(operator, "operator");
    }

    /**
     * Parses {@code expression} for {@code metric}.
     *
     * @throws IllegalArgumentException saying what was expected; callers add the file, line or option
     */
    public static Threshold parse(String metric, String expression) {
        Objects.requireNonNull(expression, "expression");
        Matcher m = SYNTAX.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("threshold '" + expression + "' on " + metric
                    + ": expected AGGREGATION OPERATOR VALUE as in k6, e.g. p(95)<300, avg<=200, rate<0.01");
        }
        String aggregation = m.group(1);
        if (m.group(2) != null) {
            double p = Double.parseDouble(m.group(2));
            if (!(p > 0 && p < 100)) {
                throw new IllegalArgumentException("threshold '" + expression + "' on " + metric + ": percentile must be between 0 and 100, was " + m.group(2));
            }
            aggregation = "p(" + percentileName(p) + ")";
        }
        String op = m.group(3).equals("===") ? "==" : m.group(3);
        String allowed = switch (metric) {
            case "http_req_duration" -> aggregation.startsWith("p(") || DURATION_STATS.contains(aggregation) ? null : "avg, min, med, max or p(N)";
            case "http_req_failed" -> aggregation.equals("rate") ? null : "rate";
            case "http_reqs", "iterations", "dropped_iterations" -> aggregation.equals("count") || aggregation.equals("rate") ? null : "count or rate";
            default -> throw new IllegalArgumentException("threshold on unknown metric '" + metric
                    + "' (expected http_req_duration, http_req_failed, http_reqs, iterations or dropped_iterations)");
        };
        if (allowed != null) {
            throw new IllegalArgumentException("threshold '" + expression + "' on " + metric + ": aggregation '" + aggregation + "' does not apply (expected " + allowed + ")");
        }
        return new Threshold(metric, expression.strip(), aggregation, op, Double.parseDouble(m.group(4)));
    }

    /**
     * Parses the command-line form {@code METRIC:EXPRESSION} ({@code http_req_duration:p(95)<300}).
     *
     * @throws IllegalArgumentException as {@link #parse(String, String)}
     */
    public static Threshold parseOption(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("threshold '" + text + "': expected METRIC:EXPRESSION, e.g. http_req_duration:p(95)<300");
        }
        return parse(text.substring(0, colon).strip(), text.substring(colon + 1));
    }

    /** The percentile of a statistic name such as {@code p(95)}; empty for {@code avg} and the like. */
    public static Optional<Double> percentileOf(String aggregation) {
        Matcher m = PERCENTILE.matcher(aggregation);
        return m.matches() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    /** {@code 95} for 95.0, {@code 99.9} for 99.9: the name k6 gives the statistic. */
    public static String percentileName(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%s", p).replaceAll("0+$", "");
    }

    /** Whether the threshold holds for {@code actual}. */
    public boolean holds(double actual) {
        return switch (operator) {
            case "<" -> actual < value;
            case "<=" -> actual <= value;
            case ">" -> actual > value;
            case ">=" -> actual >= value;
            case "==" -> actual == value;
            case "!=" -> actual != value;
            default -> throw new IllegalStateException(operator);
        };
    }

    /** {@code metric: expression}, e.g. {@code http_req_duration: p(95)<300}. */
    @Override
    public String toString() {
        return metric + ": " + expression;
    }
}
