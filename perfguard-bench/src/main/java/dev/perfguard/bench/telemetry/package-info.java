/**
 * The telemetry evaluation behind {@code scripts/bench-telemetry}: one evaluation of every expectation of
 * a config against a real Prometheus, next to one {@code vector(1)} query and one expectation alone
 * (references measured in the same run, with the same client).
 *
 * <p>May import: {@code app.config} (the config is loaded as the CLI loads it), {@code core.telemetry},
 * {@code signals.prometheus}.
 */
package dev.perfguard.bench.telemetry;
