package dev.perfguard.core.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The two-hour notice rule for load-test slots (runbook step 3.2: share the request "at least 2 hours
 * in advance"). A start exactly two hours after now is accepted; one nanosecond earlier is refused,
 * and the refusal names the earliest allowed start ({@code now + 2h}).
 */
public final class LoadTestSlots {

    public static final Duration MIN_NOTICE = Duration.ofHours(2);

    private LoadTestSlots() {}

    /** The answer of {@link #check}. */
    public sealed interface SlotCheck {
        /** The start gives DevOps enough notice. */
        record Accepted(Instant start) implements SlotCheck {
            public Accepted {
                Objects.requireNonNull(start, "start");
            }
        }

        /** The start is too soon; {@code earliestAllowed} is the first start that would be accepted. */
        record TooSoon(Instant requestedStart, Instant earliestAllowed, String reason) implements SlotCheck {
            public TooSoon {
                Objects.requireNonNull(requestedStart, "requestedStart");
                Objects.requireNonNull(earliestAllowed, "earliestAllowed");
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    public static SlotCheck check(Instant requestedStart, Instant now) {
        Objects.requireNonNull(requestedStart, "requestedStart");
        Objects.requireNonNull(now, "now");
        Instant earliest = now.plus(MIN_NOTICE);
        if (requestedStart.isBefore(earliest)) {
            return new SlotCheck.TooSoon(requestedStart, earliest, "load-test start " + requestedStart
                    + " is less than 2 hours after now (" + now + "); DevOps needs at least 2 hours notice,"
                    + " the earliest allowed start is " + earliest);
        }
        return new SlotCheck.Accepted(requestedStart);
    }

    public static SlotCheck check(Instant requestedStart, Clock clock) {
        return check(requestedStart, Objects.requireNonNull(clock, "clock").instant());
    }
}
