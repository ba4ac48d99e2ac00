/**
 * Lighthouse CI's assertions, judged the way {@code lhci assert} (LHCI 0.15.1) judges them: an
 * {@link dev.perfguard.core.lighthouse.assertions.AssertConfig} (assertions, a preset, an assertion
 * matrix, or a budgets file turned into one) evaluated by
 * {@link dev.perfguard.core.lighthouse.assertions.LhciAssertions} over the runs of each URL into
 * {@link dev.perfguard.core.lighthouse.assertions.AssertionResult}s named as in LHCI's
 * {@code assertion-results.json}. Where perfguard differs on purpose is listed in docs/lighthouse.md.
 *
 * <p>May import: {@code core}, {@code core.lighthouse}.
 */
package dev.perfguard.core.lighthouse.assertions;
