/**
 * Production telemetry judged per reporting window: {@link dev.perfguard.core.telemetry.Expectation}s
 * (a PromQL query with an absolute or relative {@link dev.perfguard.core.telemetry.Rule}), the
 * {@link dev.perfguard.core.telemetry.Window} grid, the {@link dev.perfguard.core.telemetry.Evaluator}
 * over a {@link dev.perfguard.core.telemetry.TelemetrySource} port (Prometheus implements it in
 * {@code perfguard-signals}), its {@link dev.perfguard.core.telemetry.WindowResult}s with a
 * {@link dev.perfguard.core.telemetry.WindowVerdict}, and
 * {@link dev.perfguard.core.telemetry.TelemetryDiscrepancies}, which turns breaches into discrepancies.
 * Semantics in {@code docs/telemetry.md}.
 *
 * <p>May import: {@code core}, {@code core.stats}, {@code core.incident}.
 */
package dev.perfguard.core.telemetry;
