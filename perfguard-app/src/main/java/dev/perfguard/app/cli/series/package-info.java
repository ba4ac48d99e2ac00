/**
 * {@code perfguard series changepoints}: change points of one metric series read from a CSV or a column of
 * values (a file or standard input).
 *
 * <p>May import: {@code app.cli}, {@code app.wiring} (the bootstrap's standard input), {@code core.changepoint}.
 */
package dev.perfguard.app.cli.series;
