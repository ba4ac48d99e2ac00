/**
 * The local commands, one package per capability: {@code lighthouse} (compare, check), {@code rageval},
 * {@code telemetry}, {@code series}, {@code store} (builds, tokens, outbox), {@code serve} (serve, demo).
 * This package holds only what they share: {@link dev.perfguard.app.cli.ExitStatus}, for the gate commands
 * {@link dev.perfguard.app.cli.GateVerdict} and the {@code --fail-on} option ({@link dev.perfguard.app.cli.FailOn}),
 * and {@link dev.perfguard.app.cli.Progress} (which imports only {@code core}). Each command gets the process's
 * {@code Bootstrap} by its constructor and builds the composition root once its options are read.
 *
 * <p>The command packages may import {@code app.cli}, {@code app.wiring}, {@code app.config},
 * {@code app.client} (for {@code --report-to}) and the other modules; {@code serve} may import
 * {@code cli.lighthouse} (the demo prints a check's report). None imports {@code app}.
 */
package dev.perfguard.app.cli;
