package dev.perfguard.core.lighthouse.assertions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One set of assertions: LHCI's {@code ci.assert} itself, or one entry of its {@code assertMatrix}.
 *
 * @param preset {@code lighthouse:all}, {@code lighthouse:recommended} or {@code lighthouse:no-pwa}
 * @param assertions by key as written ({@code "first-contentful-paint"}, {@code "categories:performance"},
 *     {@code "resource-summary:script:size"}), in the written order
 * @param matchingUrlPattern a regular expression found in the URLs these assertions apply to
 * @param aggregation the default of the assertions that name none
 */
public record AssertSettings(Optional<String> preset, Map<String, Assertion> assertions,
        Optional<String> matchingUrlPattern, Optional<Aggregation> aggregation) {
    public AssertSettings {
        Objects.requireNonNull(preset, "preset");
        preset.ifPresent(p -> {
            if (!Presets.NAMES.contains(p)) {
                throw new IllegalArgumentException("unknown preset '" + p + "' (expected one of: " + String.join(", ", Presets.NAMES) + ")");
            }
        });
        assertions = Collections.unmodifiableMap(new LinkedHashMap<>(assertions));
        Objects.requireNonNull(matchingUrlPattern, "matchingUrlPattern");
        Objects.requireNonNull(aggregation, "aggregation");
    }
}
