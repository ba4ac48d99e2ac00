package dev.perfguard.core.lighthouse;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One Lighthouse run as read from its LHR: where it came from, what it measured, and whether
 * Lighthouse itself failed it ({@link #failure()} non-empty: a runtime error, a null score or a
 * missing required metric). Failed runs are reported and kept out of every statistic.
 *
 * @param source the file the run was read from (or a stored run's original file name)
 * @param benchmarkIndex Lighthouse's CPU benchmark of the machine (higher is faster); NaN if absent
 * @param detail every audit and category, when read for assertions; {@link LhrDetail#NONE} otherwise
 */
public record LighthouseRun(
        String source,
        String url,
        String formFactor,
        String fetchTime,
        String lighthouseVersion,
        double benchmarkIndex,
        List<String> warnings,
        Map<LighthouseMetric, Double> values,
        Optional<String> failure,
        LhrDetail detail) {

    public LighthouseRun {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(formFactor, "formFactor");
        fetchTime = fetchTime == null ? "" : fetchTime;
        lighthouseVersion = lighthouseVersion == null ? "" : lighthouseVersion;
        warnings = List.copyOf(warnings);
        EnumMap<LighthouseMetric, Double> copy = new EnumMap<>(LighthouseMetric.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(failure, "failure");
        detail = detail == null ? LhrDetail.NONE : detail;
    }

    /** A run read without its audits' detail (the comparison's reading). */
    public LighthouseRun(String source, String url, String formFactor, String fetchTime, String lighthouseVersion,
            double benchmarkIndex, List<String> warnings, Map<LighthouseMetric, Double> values, Optional<String> failure) {
        this(source, url, formFactor, fetchTime, lighthouseVersion, benchmarkIndex, warnings, values, failure, LhrDetail.NONE);
    }

    public boolean usable() {
        return failure.isEmpty();
    }

    public OptionalDouble value(LighthouseMetric metric) {
        Double v = values.get(metric);
        return v == null || !Double.isFinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
