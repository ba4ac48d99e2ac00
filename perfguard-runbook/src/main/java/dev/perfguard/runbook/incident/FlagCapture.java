package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.FlagState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Captures the feature-flag states with an incident's evidence: at its opening, with every hypothesis and every
 * deploy note. {@link #read} runs before the incident's transaction (a flag store may be a remote service);
 * {@link #record} stores what was read in that transaction, so the capture and the change commit together.
 * Implemented by {@code runbook.flags.FlagService}.
 */
public interface FlagCapture {

    /** The flags now; a store that cannot be read gives an empty list and the error, never a failed change. */
    Captured read();

    /** Stores {@code captured} for incident {@code incidentId}; {@code cause} is {@code the opening of ID}, {@code hypothesis 2}, {@code deploy note 3: TEXT} */
    void record(Handle h, String incidentId, String cause, Captured captured, Instant at);

    /** What one read found: the flags, or the error that stopped the read; {@code store} names the store. */
    record Captured(String store, List<FlagState> flags, Optional<String> error) {
        public Captured {
            Objects.requireNonNull(store, "store");
            flags = List.copyOf(flags);
            Objects.requireNonNull(error, "error");
        }
    }
}
