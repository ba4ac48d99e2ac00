package dev.perfguard.core.lighthouse.assertions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One assertion judged on one URL's runs, with the fields of LHCI's {@code assertion-results.json}.
 *
 * @param auditProperty the category, {@code script.size} or user timing an assertion names after its audit
 * @param name {@code minScore}, {@code maxLength}, {@code maxNumericValue} or {@code auditRan}
 * @param operator {@code >=}, {@code <=} or {@code ==}
 * @param actual the aggregated value; NaN when the runs produced none
 * @param values each run's value
 * @param message why there is no value, when there is none
 */
public record AssertionResult(String url, String auditId, Optional<String> auditProperty, Optional<String> auditTitle,
        String name, String operator, double expected, double actual, List<Double> values, Level level, boolean passed,
        Optional<String> message) {
    public AssertionResult {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(auditId, "auditId");
        Objects.requireNonNull(auditProperty, "auditProperty");
        Objects.requireNonNull(auditTitle, "auditTitle");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** {@code auditId} with its property: {@code categories.performance}, {@code resource-summary.script.size}. */
    public String key() {
        return auditProperty.map(p -> auditId + "." + p).orElse(auditId);
    }

    /** A failing {@code error} assertion: a regression. */
    public boolean fails() {
        return !passed && level == Level.ERROR;
    }

    /** A failing {@code warn} assertion: reported, not failing. */
    public boolean warns() {
        return !passed && level == Level.WARN;
    }
}
