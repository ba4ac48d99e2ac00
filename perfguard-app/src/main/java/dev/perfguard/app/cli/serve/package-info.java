/**
 * {@code perfguard serve} and {@code perfguard demo}: both start the server the one way the composition
 * root offers ({@code Perfguard.serve}); the demo first runs the main job on the bundled example data.
 *
 * <p>May import: {@code app.config}, {@code app.wiring}, {@code app.slot} (the demo's load-test slot),
 * {@code cli.lighthouse}, {@code runbook.*}, {@code core}, {@code signals.lighthouse}.
 */
package dev.perfguard.app.cli.serve;
