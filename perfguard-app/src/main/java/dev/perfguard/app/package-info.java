/**
 * The {@code perfguard} command: {@link dev.perfguard.app.Main} (one line) and {@link dev.perfguard.app.Cli},
 * which builds the command line with every command and maps failures to exit statuses, in one place.
 *
 * <p>May import: every package of the application; nothing imports it.
 */
package dev.perfguard.app;
