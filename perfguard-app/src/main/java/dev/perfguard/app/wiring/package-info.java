/**
 * The composition root. {@link dev.perfguard.app.wiring.Bootstrap} is what a process starts from (its
 * environment, clock and standard input); {@link dev.perfguard.app.wiring.Perfguard} builds every part of
 * perfguard from it, the configuration and the store location, by constructors, each once, and is the one
 * way to run the server ({@link dev.perfguard.app.wiring.Serving}). No domain step lives here.
 *
 * <p>May import: {@code app.config}, {@code app.server}, {@code app.web}, {@code app.slot} (the server's slot
 * runner), every package of the other modules. Imported by
 * the commands and {@code app}.
 */
package dev.perfguard.app.wiring;
