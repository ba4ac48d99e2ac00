package dev.perfguard.core.incident;

import java.util.Locale;

/**
 * A load-test slot request's state: {@code requested → confirmed → done}, and {@code cancelled} from
 * {@code requested} or {@code confirmed}. {@code done} and {@code cancelled} are final.
 */
public enum LoadTestState {
    REQUESTED,
    CONFIRMED,
    DONE,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a request in this state may move to {@code next}. */
    public boolean canMoveTo(LoadTestState next) {
        return switch (this) {
            case REQUESTED -> next == CONFIRMED || next == CANCELLED;
            case CONFIRMED -> next == DONE || next == CANCELLED;
            case DONE, CANCELLED -> false;
        };
    }
}
