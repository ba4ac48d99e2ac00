package dev.perfguard.runbook.flags;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A containment request on an incident, numbered from 1: a feature-flag rollback ({@code flag} present) or
 * traffic shaping ({@code description} present). It is {@code requested} (DevOps asked by DM), then
 * {@code denied}, or {@code approved} and then {@code done} (the flag turned off, or the shaping declared
 * done) or {@code failed} (the toggle failed; {@code error} says why, and approving again retries).
 * {@code before}/{@code after} are the flag's states around the toggle: equal when it was already off.
 */
public record Rollback(long number, Kind kind, Optional<String> flag, Optional<String> description, String store,
        State state, String requestedBy, Instant requestedAt, Optional<String> decidedBy, Optional<Instant> decidedAt,
        Optional<String> reason, Optional<String> before, Optional<String> after, Optional<Instant> doneAt,
        Optional<String> error) {

    public enum Kind {
        FLAG, TRAFFIC_SHAPING;

        public String wireName() {
            return this == FLAG ? "flag" : "traffic-shaping";
        }

        static Kind fromWireName(String s) {
            return s.equals("flag") ? FLAG : TRAFFIC_SHAPING;
        }
    }

    public enum State {
        REQUESTED, APPROVED, DENIED, DONE, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State fromWireName(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public Rollback {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(description, "description");
        if (flag.isPresent() != (kind == Kind.FLAG) || description.isPresent() == (kind == Kind.FLAG)) {
            throw new IllegalArgumentException("a flag rollback names a flag, traffic shaping a description: " + kind);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** What is asked, for people: {@code turn flag new-ranker off} or {@code shape traffic: ...}. */
    public String what() {
        return kind == Kind.FLAG ? "turn flag " + flag.orElseThrow() + " off" : "shape traffic: " + description.orElseThrow();
    }
}
