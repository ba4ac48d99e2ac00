/**
 * Builds and their Lighthouse runs in the store ({@link dev.perfguard.runbook.builds.BuildStore}: idempotent,
 * additive, runs keyed by their file's SHA-256), and the judgement of {@code perfguard check}:
 * {@link dev.perfguard.runbook.builds.BuildCheck} stores a build, picks its baseline, compares, and looks over
 * the branch history for a regression still in force ({@link dev.perfguard.runbook.builds.BuildHistory},
 * {@link dev.perfguard.runbook.builds.HistoryFinding}), all under a
 * {@link dev.perfguard.runbook.builds.CheckPolicy} rather than the YAML configuration.
 *
 * <p>May import: {@code runbook.store}, {@code core}, {@code core.lighthouse}, {@code core.changepoint},
 * {@code core.stats}.
 */
package dev.perfguard.runbook.builds;
