/**
 * {@code perfguard loadtest run} (the embedded open-model generator) and {@code perfguard loadtest import}
 * (k6 summary export, wrk output): the k6-shaped summary in text, Markdown and JSON, thresholds deciding the
 * exit status, the HDR log and the latency-over-time series. Docs: docs/loadtest.md.
 *
 * <p>May import: {@code app.cli}, {@code app.config}, {@code app.slot} (the report, the target policy),
 * {@code app.wiring}, {@code core.loadtest},
 * {@code signals.loadtest}.
 */
package dev.perfguard.app.cli.loadtest;
