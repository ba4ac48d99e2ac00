/**
 * When to try an outbound call again: {@link dev.perfguard.core.retry.Backoff}, exponential backoff with
 * full jitter and the server's {@code Retry-After} as a floor. Shared by the notification dispatcher
 * and the live retrieval collector, so every retry in perfguard follows one rule.
 *
 * <p>May import: the JDK only.
 */
package dev.perfguard.core.retry;
