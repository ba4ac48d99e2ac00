/**
 * Lighthouse lab results compared: {@link dev.perfguard.core.lighthouse.LighthouseRun} (what perfguard
 * reads of one LHR), {@link dev.perfguard.core.lighthouse.LighthouseComparison} under a
 * {@link dev.perfguard.core.lighthouse.ComparisonPolicy} (per-metric budgets and tolerances, exact rank
 * tests, the machine-speed check, Lighthouse's own median run), its result records ending in a
 * {@link dev.perfguard.core.lighthouse.ComparisonVerdict}, and
 * {@link dev.perfguard.core.lighthouse.LighthouseDiscrepancies}, which turns the regressions into the
 * incident domain's discrepancies. The rules are in {@code docs/lighthouse.md}.
 *
 * <p>May import: {@code core}, {@code core.stats}, {@code core.incident} (the discrepancy it produces).
 */
package dev.perfguard.core.lighthouse;
