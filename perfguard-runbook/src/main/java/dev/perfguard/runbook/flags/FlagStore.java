package dev.perfguard.runbook.flags;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The feature-flag port: read every flag, read one, turn one on or off. Implementations: the flagd
 * flag-definition file ({@link FlagdFile}, the embedded default) and the Unleash Admin API
 * ({@link UnleashFlags}).
 *
 * <p>Contract: {@link #all} and {@link #get} read the store's current state, never a cache.
 * {@link #set} is idempotent: a flag already in the asked state is left alone and answered as
 * {@link Toggle#changed()} {@code false}. A flag the store does not know is a {@code NOT_FOUND}; a store
 * that cannot be read or written is a {@code REMOTE} (or, for a malformed file, {@code BAD_INPUT} naming the
 * field) failure, never a silent success.
 */
public interface FlagStore {

    /** A name for this store in audits and the timeline: {@code flagd:/etc/flags.json}, {@code unleash:default/production}. */
    String describe();

    /** Every flag, ordered by name. */
    List<FlagValue> all();

    default Optional<FlagValue> get(String name) {
        FlagValue.requireName(name, "flag");
        return all().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Turns {@code name} on or off; {@code who} is recorded where the store keeps an author. */
    Toggle set(String name, boolean enabled, String who);

    /**
     * Changes the store itself recorded since {@code since}, oldest first (Unleash's events); empty for a
     * store without a history of its own.
     */
    default List<FlagChange> history(Instant since) {
        return List.of();
    }

    /** The answer of {@link #set}: the flag before and after, and whether anything was written. */
    record Toggle(FlagValue before, FlagValue after, boolean changed, Optional<String> storeEvent) {
        public Toggle {
            java.util.Objects.requireNonNull(before, "before");
            java.util.Objects.requireNonNull(after, "after");
            java.util.Objects.requireNonNull(storeEvent, "storeEvent");
        }
    }
}
