/**
 * The Prometheus text format and OpenMetrics, written by hand for the two things here that export metrics: the
 * server's {@code /metrics} and the demo target's. Imports nothing of perfguard.
 */
package dev.perfguard.app.exposition;
