package dev.perfguard.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Retry delays: exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): the delay before retry {@code n} (1 for the first retry) is uniform in
 * {@code [0, min(cap, base * 2^(n-1))]}, and never below the server's {@code Retry-After}. Full jitter
 * spreads replicas that failed together; the floor keeps us from calling a rate-limited API early.
 * {@code maxAttempts} is how many deliveries are tried in all before a retryable failure becomes a dead
 * letter.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), 20);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " must be at least the base " + base);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("backoff maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The upper bound of the jitter range before retry {@code retry} (1-based): {@code min(cap, base * 2^(retry-1))}. */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        int shift = Math.min(retry - 1, 40);
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        long nanos = baseNanos > (capNanos >> shift) ? capNanos : baseNanos << shift;
        return Duration.ofNanos(Math.min(nanos, capNanos));
    }

    /**
     * The delay before retry {@code retry}: uniform in {@code [0, ceiling(retry)]} drawn from {@code random},
     * raised to {@code serverFloor} when the server asked for longer. The floor is honoured even above the cap.
     */
    public Duration delay(int retry, Duration serverFloor, Random random) {
        Objects.requireNonNull(serverFloor, "serverFloor");
        Objects.requireNonNull(random, "random");
        long ceilingMillis = ceiling(retry).toMillis();
        Duration jittered = Duration.ofMillis(ceilingMillis == 0 ? 0 : random.nextLong(ceilingMillis + 1));
        return jittered.compareTo(serverFloor) < 0 ? serverFloor : jittered;
    }

    /** Whether a message that has now failed {@code attempts} times may be tried again. */
    public boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }
}
