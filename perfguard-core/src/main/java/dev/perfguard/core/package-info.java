/**
 * perfguard's core: the vocabulary, the statistics and the rules, as pure Java with no I/O and no
 * framework. This package holds what every other one uses: {@link dev.perfguard.core.Direction} (which
 * way a metric gets better) and the one unchecked root exception
 * {@link dev.perfguard.core.PerfguardException} with its {@link dev.perfguard.core.ErrorCode}, which the
 * CLI maps to exit statuses and the server to HTTP statuses, each in one place.
 *
 * <p>May import: the JDK only. Every package of every module may import it.
 */
package dev.perfguard.core;
