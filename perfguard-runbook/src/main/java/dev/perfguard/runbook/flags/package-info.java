/**
 * Feature flags: the {@link dev.perfguard.runbook.flags.FlagStore} port with its two adapters, the flagd
 * flag-definition file ({@link dev.perfguard.runbook.flags.FlagdFile}, the embedded default, whose reader other
 * components use) and the Unleash Admin API ({@link dev.perfguard.runbook.flags.UnleashFlags}); and
 * {@link dev.perfguard.runbook.flags.FlagService}: flag states captured with an incident's evidence, the diff of
 * flags between the baseline and the regression, and the approved flag rollback (or traffic shaping) of the
 * "no immediate fix" branch. See {@code docs/flags.md}.
 *
 * <p>May import: {@code runbook.incident}, {@code runbook.notify} (the outbox routing and its messages),
 * {@code runbook.store}, {@code core}, the JDK's HTTP client, Jackson.
 */
package dev.perfguard.runbook.flags;
