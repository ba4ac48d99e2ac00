/**
 * {@code perfguard telemetry check}: every configured expectation judged in one reporting window, reported
 * in text, Markdown or JSON.
 *
 * <p>May import: {@code app.cli}, {@code app.config}, {@code app.wiring}, {@code core.telemetry},
 * {@code signals.prometheus}.
 */
package dev.perfguard.app.cli.telemetry;
