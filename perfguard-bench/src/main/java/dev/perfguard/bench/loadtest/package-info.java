/**
 * {@code scripts/bench-loadgen}: the highest arrival rate perfguard's open-model generator holds against a
 * loopback target with the p99 of its own scheduling error under 1 ms, and its CPU per 1,000 requests;
 * the script measures wrk against the same target in the same run.
 */
package dev.perfguard.bench.loadtest;
