/**
 * {@code perfguard.yaml}: loading and validating it ({@link dev.perfguard.app.config.ConfigLoader}; errors name
 * the file, the line and the key), the command-line options that name it and the store
 * ({@link dev.perfguard.app.config.ConfigOption}, {@link dev.perfguard.app.config.StoreOptions}), and its
 * translation into the policies and settings of the modules below (Lighthouse, telemetry, notify, incidents).
 * Secrets are never read here: the configuration names the environment variables that hold them.
 *
 * <p>May import: the other modules' settings types, Jackson's YAML reader, picocli (options only).
 */
package dev.perfguard.app.config;
