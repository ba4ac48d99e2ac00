/**
 * The telemetry watch of {@code perfguard serve}: {@link dev.perfguard.runbook.telemetry.TelemetryWatch}
 * claims and evaluates every closed reporting window once across replicas
 * ({@link dev.perfguard.runbook.telemetry.WindowResultStore}), and
 * {@link dev.perfguard.runbook.telemetry.TelemetryLoop} runs it at each window boundary and files what it
 * found: breaches as regression reports, every window's outcomes for the closing gate.
 *
 * <p>May import: {@code runbook.store}, {@code runbook.incident}, {@code core}, {@code core.telemetry},
 * {@code core.incident}.
 */
package dev.perfguard.runbook.telemetry;
