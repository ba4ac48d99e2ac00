package dev.perfguard.core.lighthouse.assertions;

import java.util.List;

/**
 * LHCI's assert configuration, resolved: one set of assertions, or an assertion matrix (a budgets
 * file becomes one). Every set applies to each URL's runs; a matrix entry's
 * {@code matchingUrlPattern} narrows it.
 *
 * @param includePassedAssertions whether results list the assertions that passed
 */
public record AssertConfig(List<AssertSettings> sets, boolean includePassedAssertions) {
    public AssertConfig {
        sets = List.copyOf(sets);
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    public static AssertConfig none() {
        return new AssertConfig(List.of(), false);
    }
}
