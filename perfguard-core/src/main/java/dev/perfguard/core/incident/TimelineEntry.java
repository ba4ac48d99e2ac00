package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of an incident's append-only timeline: who did what, when. {@code seq} counts from 1 and
 * orders the entries (the order they were appended, which a store keeps even when clocks disagree).
 */
public record TimelineEntry(long seq, Instant at, String who, Kind kind, String what) {

    /** What kind of event an entry records. */
    public enum Kind {
        OPENED, EVIDENCE, TRANSITION, HYPOTHESIS, DEPLOY_NOTE, ARTEFACT, LOAD_TEST, DECISION, TASK,
        FOLLOW_UP, SUMMARY, NOTIFICATION, NOTE, CLOSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TimelineEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("timeline seq must be at least 1, was " + seq);
        }
        Objects.requireNonNull(at, "at");
        Checks.name(who, "who");
        Objects.requireNonNull(kind, "kind");
        Checks.text(what, "what", Checks.LONG);
    }
}
