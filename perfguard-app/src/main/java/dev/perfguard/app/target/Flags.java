package dev.perfguard.app.target;

import dev.perfguard.core.PerfguardException;
import java.util.Objects;

/**
 * The demo target's feature flags as evaluated from the flag file: what {@code slow-ranker} and
 * {@code naive-ranking} resolve to now.
 *
 * @param slowRanker the delay {@code /search} adds ({@link SlowRanker#OFF} when the flag is off)
 * @param naiveRanking whether {@code /search} ranks with {@link Ranking#NAIVE}
 */
record Flags(SlowRanker slowRanker, boolean naiveRanking) {
    static final Flags NONE = new Flags(SlowRanker.OFF, false);

    Flags {
        Objects.requireNonNull(slowRanker, "slowRanker");
    }

    Ranking ranking() {
        return naiveRanking ? Ranking.NAIVE : Ranking.BM25;
    }

    /**
     * The latency {@code slow-ranker} adds: each search, with probability {@code p}, sleeps {@code delayMs}
     * plus a uniform extra of {@code [0, jitterMs)} milliseconds.
     */
    record SlowRanker(double p, long delayMs, long jitterMs) {
        static final SlowRanker OFF = new SlowRanker(0, 0, 0);
        /** What the variant value {@code true} means: every search 200 ms slower. */
        static final SlowRanker ON = new SlowRanker(1, 200, 0);
        static final long MAX_DELAY_MS = 60_000;

        SlowRanker {
            if (!(p >= 0 && p <= 1)) {
                throw PerfguardException.badInput("p must be a number from 0 to 1, was " + p);
            }
            if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
                throw PerfguardException.badInput("delayMs must be from 0 to " + MAX_DELAY_MS + ", was " + delayMs);
            }
            if (jitterMs < 0 || jitterMs > MAX_DELAY_MS) {
                throw PerfguardException.badInput("jitterMs must be from 0 to " + MAX_DELAY_MS + ", was " + jitterMs);
            }
        }

        boolean on() {
            return p > 0 && (delayMs > 0 || jitterMs > 0);
        }
    }
}
