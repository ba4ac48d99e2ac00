package dev.perfguard.signals.prometheus;

import dev.perfguard.core.telemetry.Observation;
import dev.perfguard.core.telemetry.Queries;
import dev.perfguard.core.telemetry.TelemetrySource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Telemetry read through a {@link PrometheusClient}: one number per query and time, or an explicit
 * state.
 *
 * <ul>
 *   <li>exactly one series (or a scalar) with a finite value: {@link Observation.Value};</li>
 *   <li>no series, or NaN (a ratio over a window without traffic): {@link Observation.NoData};</li>
 *   <li>several series where one was expected (aggregate with {@code sum by ()} or select a label),
 *       ±Inf, a range vector or string, Prometheus down, slow, or refusing the query:
 *       {@link Observation.Failed}, with the reason.</li>
 * </ul>
 */
public final class PrometheusSource implements TelemetrySource {
    private static final int SHOWN_SERIES = 3;

    private final PrometheusClient client;

    public PrometheusSource(PrometheusClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Observation at(String query, Instant time) {
        return switch (client.instant(query, time)) {
            case QueryResponse.Failure f -> new Observation.Failed(f.message());
            case QueryResponse.Scalar s -> observe(s.value(), "scalar");
            case QueryResponse.Vector v -> {
                if (v.samples().isEmpty()) {
                    yield new Observation.NoData("no series" + warnings(v.warnings()));
                }
                if (v.samples().size() > 1) {
                    yield new Observation.Failed(several(v.samples().stream().map(QueryResponse.Sample::describe).toList()));
                }
                QueryResponse.Sample s = v.samples().get(0);
                yield observe(s.value(), s.describe());
            }
            case QueryResponse.Matrix m -> new Observation.Failed(
                    "the query returned a range vector; wrap it in an *_over_time function or rate()");
            case QueryResponse.Text t -> new Observation.Failed("the query returned a string, not a number");
        };
    }

    /**
     * With two or more evenly spaced times, one {@code query_range} call (evaluated at exactly those
     * times) instead of one call per time, or one per {@value Queries#MAX_POINTS} times (Prometheus'
     * limit of points per call); a time without a point has no data.
     */
    @Override
    public List<Observation> at(String query, List<Instant> times) {
        if (times.size() > Queries.MAX_POINTS) {
            List<Observation> out = new ArrayList<>(times.size());
            for (int from = 0; from < times.size(); from += Queries.MAX_POINTS) {
                out.addAll(at(query, times.subList(from, Math.min(times.size(), from + Queries.MAX_POINTS))));
            }
            return out;
        }
        if (times.size() < 2) {
            return TelemetrySource.super.at(query, times);
        }
        Duration step = Duration.between(times.get(0), times.get(1));
        for (int i = 1; i < times.size(); i++) {
            if (!Duration.between(times.get(i - 1), times.get(i)).equals(step) || step.isNegative() || step.isZero()
                    || step.toMillis() * 1_000_000 != step.toNanos() || times.get(i).getNano() % 1_000_000 != 0) {
                return TelemetrySource.super.at(query, times);
            }
        }
        QueryResponse r = client.range(query, times.get(0), times.get(times.size() - 1), step);
        List<Observation> out = new ArrayList<>(times.size());
        switch (r) {
            case QueryResponse.Failure f -> times.forEach(t -> out.add(new Observation.Failed(f.message())));
            case QueryResponse.Matrix m -> {
                if (m.series().size() > 1) {
                    Observation failed = new Observation.Failed(several(m.series().stream().map(QueryResponse.RangeSeries::describe).toList()));
                    times.forEach(t -> out.add(failed));
                    break;
                }
                Map<Instant, QueryResponse.Point> byTime = new HashMap<>();
                String series = m.series().isEmpty() ? "{}" : m.series().get(0).describe();
                if (!m.series().isEmpty()) {
                    m.series().get(0).points().forEach(p -> byTime.put(p.at(), p));
                }
                for (Instant t : times) {
                    QueryResponse.Point p = byTime.get(t);
                    out.add(p == null ? new Observation.NoData("no series") : observe(p.value(), series));
                }
            }
            default -> times.forEach(t -> out.add(new Observation.Failed("query_range did not return a matrix")));
        }
        return out;
    }

    private static Observation observe(double v, String series) {
        if (Double.isNaN(v)) {
            return new Observation.NoData("NaN in " + series + " (no samples to divide, e.g. no traffic)");
        }
        if (Double.isInfinite(v)) {
            return new Observation.Failed((v > 0 ? "+Inf" : "-Inf") + " in " + series
                    + " (histogram_quantile beyond the last finite bucket, or a division by zero)");
        }
        return new Observation.Value(v, series);
    }

    private static String several(List<String> series) {
        String shown = series.stream().limit(SHOWN_SERIES).collect(Collectors.joining(", "));
        return series.size() + " series where one was expected (" + shown + (series.size() > SHOWN_SERIES ? ", ..." : "")
                + "); aggregate them, e.g. sum(...) or max(...)";
    }

    private static String warnings(List<String> w) {
        return w.isEmpty() ? "" : " (warnings: " + String.join("; ", w) + ")";
    }
}
