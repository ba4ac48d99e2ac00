package dev.perfguard.core.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where telemetry is read from (the Prometheus HTTP API in perfguard-signals). Implementations never
 * throw for a remote problem: they answer {@link Observation.Failed} (or {@link Observation.NoData}).
 */
public interface TelemetrySource {

    /** The value of the instant {@code query} evaluated at {@code time}. */
    Observation at(String query, Instant time);

    /**
     * The values of {@code query} at each of {@code times} (ascending, evenly spaced), in that order.
     * The default asks one time after the other; a source may use one range query instead.
     */
    default List<Observation> at(String query, List<Instant> times) {
        List<Observation> out = new ArrayList<>(times.size());
        for (Instant t : times) {
            out.add(at(query, t));
        }
        return out;
    }
}
