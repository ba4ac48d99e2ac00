/**
 * The incident runbook as pure rules and values: no I/O, no framework, no store.
 *
 * <p>The vocabulary is {@link dev.perfguard.core.incident.Incident} and the records it holds
 * ({@link dev.perfguard.core.incident.Discrepancy} with its {@link dev.perfguard.core.incident.Evidence},
 * hypotheses, deploy notes, artefacts, load tests, the mitigation decision, follow-ups, the summary
 * and the append-only timeline). The rules are pure functions with sealed results:
 * {@link dev.perfguard.core.incident.Lifecycle} (state machine),
 * {@link dev.perfguard.core.incident.Fingerprint} (same problem = service + metric family + not closed),
 * {@link dev.perfguard.core.incident.OwnershipRules} (most specific glob wins),
 * {@link dev.perfguard.core.incident.LoadTestSlots} (two hours notice),
 * {@link dev.perfguard.core.incident.DecisionTree} (fast fix / infrastructure / no immediate fix) and
 * {@link dev.perfguard.core.incident.ClosingGate} (the last N complete windows all within tolerance).
 * {@link dev.perfguard.core.incident.PostIncidentReport} and
 * {@link dev.perfguard.core.incident.LessonsEntry} render Markdown. All times are {@link java.time.Instant}s
 * passed in by the caller; nothing here reads a clock. See {@code docs/incidents.md}.
 *
 * <p>May import: {@code core} only: every other package hands its findings to this one as
 * {@link dev.perfguard.core.incident.Discrepancy}s in a {@link dev.perfguard.core.incident.RegressionReport}.
 */
package dev.perfguard.core.incident;
