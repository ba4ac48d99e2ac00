package dev.perfguard.core.telemetry;

import java.util.Objects;

/** What a {@link TelemetrySource} saw for one query at one time. */
public sealed interface Observation {

    /** Exactly one finite value; {@code series} describes its labels ({@code {route="/api/search"}}) for the record. */
    record Value(double value, String series) implements Observation {
        public Value {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a value observation must be finite, was " + value
                        + "; use NoData for NaN and Failed for infinities");
            }
            Objects.requireNonNull(series, "series");
        }
    }

    /** Nothing to judge: no series, or NaN (e.g. a rate over a window without traffic, 0/0). */
    record NoData(String reason) implements Observation {
        public NoData {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The source failed or answered something unusable: unreachable, timeout, PromQL error, several series, ±Inf. */
    record Failed(String reason) implements Observation {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
