package dev.perfguard.signals.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** One stage of an open-model scenario; rates are iterations per second (the scenario's {@code time_unit} applied). */
public sealed interface Stage {
    Duration duration();

    /** The most requests in flight during the stage; an iteration beyond it is dropped (k6's {@code maxVUs}). */
    int maxInFlight();

    /** k6's {@code constant-arrival-rate}: {@code rate} iterations per second for {@code duration}. */
    record ConstantArrivalRate(double rate, Duration duration, int maxInFlight) implements Stage {
        public ConstantArrivalRate {
            Objects.requireNonNull(duration, "duration");
            if (!(rate > 0) || duration.isNegative() || duration.isZero() || maxInFlight < 1) {
                throw new IllegalArgumentException("constant-arrival-rate needs rate > 0, a positive duration and max_in_flight >= 1");
            }
        }
    }

    /**
     * k6's {@code ramping-arrival-rate}: from {@code startRate}, each ramp moves linearly to its target rate
     * over its duration (a ramp to the same rate holds it).
     */
    record RampingArrivalRate(double startRate, List<Ramp> ramps, int maxInFlight) implements Stage {
        public RampingArrivalRate {
            ramps = List.copyOf(ramps);
            if (startRate < 0 || ramps.isEmpty() || maxInFlight < 1) {
                throw new IllegalArgumentException("ramping-arrival-rate needs start_rate >= 0, at least one stage and max_in_flight >= 1");
            }
        }

        @Override
        public Duration duration() {
            return ramps.stream().map(Ramp::duration).reduce(Duration.ZERO, Duration::plus);
        }
    }

    /** One ramp of a {@link RampingArrivalRate}: to {@code target} per second over {@code duration}. */
    record Ramp(double target, Duration duration) {
        public Ramp {
            Objects.requireNonNull(duration, "duration");
            if (target < 0 || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a ramp needs target >= 0 and a positive duration");
            }
        }
    }
}
