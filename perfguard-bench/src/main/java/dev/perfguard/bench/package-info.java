/**
 * The benchmark jar's entry point, {@link dev.perfguard.bench.Benchmarks}: one benchmark per
 * {@code scripts/bench-*}, named by its first argument. This module is never shipped: the scripts build
 * {@code perfguard-bench/target/perfguard-bench.jar} and run it; {@code perfguard.jar} holds no benchmark.
 *
 * <p>May import: the capability packages of this module; nothing imports it.
 */
package dev.perfguard.bench;
