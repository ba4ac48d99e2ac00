/**
 * The Prometheus HTTP API (and anything that speaks it: Thanos, Mimir, VictoriaMetrics):
 * {@link dev.perfguard.signals.prometheus.PrometheusClient} (instant and range queries with a timeout,
 * errors as values), its response parser, and {@link dev.perfguard.signals.prometheus.PrometheusSource},
 * the core's {@code TelemetrySource} over it. Only loopback or configured hosts are ever called.
 *
 * <p>May import: {@code core}, {@code core.telemetry}, the JDK's HTTP client, Jackson.
 */
package dev.perfguard.signals.prometheus;
