package dev.perfguard.core.ci;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One metric of one build as a CI job produced it: a name such as {@code jmh.dev.perfguard.Bench.read}, labels,
 * a unit (empty when unitless), which way it gets better, and its samples. {@code repeated} says whether the
 * samples are repeated observations (JMH iterations, Lighthouse runs, per-query scores), which a rank test can
 * compare, or one value as reported (a k6 p95, an aggregate), which only a tolerance can.
 */
public record CiMetric(String name, Map<String, String> labels, String unit, Direction direction, List<Double> samples,
        boolean repeated) {
    /** A family, a dot, then the rest: the family decides which incident a regression belongs to. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}\\.[^\\s{}=,]{1,400}");
    static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

    public CiMetric {
        requireName(name);
        labels = new TreeMap<>(Objects.requireNonNull(labels, "labels"));
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!LABEL.matcher(e.getKey()).matches()) {
                throw PerfguardException.badInput("metric " + name + ": label name '" + e.getKey() + "' is invalid");
            }
            if (e.getValue() == null || e.getValue().length() > 200 || e.getValue().chars().anyMatch(c -> c == ',' || c == '}' || c < 32)) {
                throw PerfguardException.badInput("metric " + name + ": label " + e.getKey()
                        + " must be a string of at most 200 characters without ',', '}' or control characters");
            }
        }
        labels = java.util.Collections.unmodifiableMap(labels);
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw PerfguardException.badInput("metric " + name + ": no value or samples");
        }
        for (Double s : samples) {
            if (!Double.isFinite(s)) {
                throw PerfguardException.badInput("metric " + name + ": sample " + s + " is not a finite number");
            }
        }
    }

    /** Refuses a name that is not {@code family.rest} with a {@code BAD_INPUT} error saying what is allowed. */
    public static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw PerfguardException.badInput("metric name '" + name + "' is invalid; expected family.rest, e.g. ci.build_seconds"
                    + " (lower-case family, no spaces, braces, '=' or ',')");
        }
        return name;
    }

    /** One value as reported. */
    public static CiMetric value(String name, Map<String, String> labels, String unit, Direction direction, double value) {
        return new CiMetric(name, labels, unit, direction, List.of(value), false);
    }

    /** Repeated observations. */
    public static CiMetric samples(String name, Map<String, String> labels, String unit, Direction direction, List<Double> samples) {
        return new CiMetric(name, labels, unit, direction, samples, true);
    }

    /** The series key: {@code name{k=v,...}} with the labels in name order, or the bare name without labels. */
    public String series() {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ",").append(k).append('=').append(v));
        return sb.append('}').toString();
    }

    /** The family: the part before the first dot ({@code jmh}, {@code k6}, {@code ci}, ...). */
    public String family() {
        return name.substring(0, name.indexOf('.'));
    }

    public double[] values() {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
