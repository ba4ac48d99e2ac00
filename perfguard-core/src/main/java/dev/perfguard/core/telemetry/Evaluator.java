package dev.perfguard.core.telemetry;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.stats.Descriptive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Judges expectations in a reporting window. Pure apart from the {@link TelemetrySource} it is
 * given: the query for window {@code W} is {@link Queries#render rendered} for {@code W} and
 * evaluated at {@code W}'s end.
 *
 * <ul>
 *   <li>{@link Rule.Absolute}: {@code breach} when the value is above {@code max} or below {@code min}.</li>
 *   <li>{@link Rule.Relative}: the baseline is the same query over the same window one day or one
 *       week earlier, or the median of the values of the {@code N} windows before (windows without
 *       data are left out; a failed one makes the result {@code error}); {@code breach} when the
 *       value is worse than {@link Rule.Relative#limit}.</li>
 *   <li>A source failure, several series, ±Inf: {@code error}. No series, NaN, or a baseline without
 *       any data: {@code no-data}. Neither ever counts as good. An exception thrown by the source is
 *       caught and becomes {@code error}.</li>
 * </ul>
 */
public final class Evaluator {
    private final TelemetrySource source;

    public Evaluator(TelemetrySource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Refuses an expectation whose baseline offset is not a whole number of windows of {@code length}. */
    public static void checkFits(Expectation e, Duration length) {
        if (e.rule() instanceof Rule.Relative r && r.baseline() instanceof Baseline.SameWindowEarlier s
                && s.offset().toNanos() % length.toNanos() != 0) {
            throw PerfguardException.badInput("baseline " + s.text() + " is not a whole number of "
                    + PromDurations.text(length) + " reporting windows");
        }
    }

    /** Every expectation in {@code window}, in the given order. */
    public List<WindowResult> evaluate(List<Expectation> expectations, Window window) {
        List<WindowResult> out = new ArrayList<>(expectations.size());
        for (Expectation e : expectations) {
            out.add(evaluate(e, window));
        }
        return List.copyOf(out);
    }

    /**
     * Every expectation in {@code window} with at most {@code parallelism} of them in flight at once
     * (on virtual threads), results in the given order, equal to {@link #evaluate(List, Window)}'s.
     * The source must then be safe for concurrent use (the Prometheus source is). A slow or hanging
     * Prometheus then costs about {@code expectations / parallelism} timeouts instead of one each.
     */
    public List<WindowResult> evaluate(List<Expectation> expectations, Window window, int parallelism) {
        if (parallelism < 1 || parallelism > 64) {
            throw PerfguardException.badInput("parallelism must be between 1 and 64, was " + parallelism);
        }
        if (parallelism == 1 || expectations.size() < 2) {
            return evaluate(expectations, window);
        }
        Semaphore slots = new Semaphore(parallelism);
        List<Future<WindowResult>> futures = new ArrayList<>(expectations.size());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Expectation e : expectations) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return evaluate(e, window);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<WindowResult> out = new ArrayList<>(expectations.size());
            for (var f : futures) {
                out.add(f.get());
            }
            return List.copyOf(out);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PerfguardException(ErrorCode.INTERNAL, "interrupted while evaluating " + window, ex);
        } catch (ExecutionException ex) {
            throw new PerfguardException(ErrorCode.INTERNAL, "evaluation of " + window + " failed: " + ex.getCause(), ex);
        }
    }

    /** One expectation in {@code window}. */
    public WindowResult evaluate(Expectation e, Window window) {
        String query = Queries.render(e.query(), window);
        Instant at = Queries.evaluationTime(window);
        Optional<PanelLink> panel = e.panel().map(p -> Panels.forWindow(e.name(), p, window));
        var r = new Builder(e, window, query, at, panel);
        Observation current = ask(query, at);
        return switch (current) {
            case Observation.Failed f -> r.result(WindowVerdict.ERROR, OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), f.reason());
            case Observation.NoData n -> r.result(WindowVerdict.NO_DATA, OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), n.reason());
            case Observation.Value v -> switch (e.rule()) {
                case Rule.Absolute a -> absolute(r, a, v.value());
                case Rule.Relative rel -> relative(r, rel, v.value(), query, window);
            };
        };
    }

    private static WindowResult absolute(Builder r, Rule.Absolute a, double v) {
        if (a.max().isPresent() && v > a.max().getAsDouble()) {
            return r.result(WindowVerdict.BREACH, OptionalDouble.of(v), OptionalDouble.empty(), a.max(),
                    "above max " + num(a.max().getAsDouble()));
        }
        if (a.min().isPresent() && v < a.min().getAsDouble()) {
            return r.result(WindowVerdict.BREACH, OptionalDouble.of(v), OptionalDouble.empty(), a.min(),
                    "below min " + num(a.min().getAsDouble()));
        }
        OptionalDouble limit = a.max().isPresent() ? a.max() : a.min();
        return r.result(WindowVerdict.OK, OptionalDouble.of(v), OptionalDouble.empty(), limit, "within bounds");
    }

    private WindowResult relative(Builder r, Rule.Relative rel, double v, String query, Window window) {
        List<Window> baseWindows = switch (rel.baseline()) {
            case Baseline.SameWindowEarlier s -> List.of(window.earlier(s.offset()));
            case Baseline.Trailing t -> {
                List<Window> ws = new ArrayList<>(t.windows());
                for (int i = t.windows(); i >= 1; i--) {
                    ws.add(window.previous(i));
                }
                yield ws;
            }
        };
        List<Instant> times = baseWindows.stream().map(Queries::evaluationTime).toList();
        List<Observation> seen;
        try {
            seen = source.at(query, times);
        } catch (RuntimeException ex) {
            seen = List.of(new Observation.Failed("baseline query failed: " + ex));
        }
        String span = baseWindows.size() == 1 ? "window " + baseWindows.get(0)
                : baseWindows.size() + " windows " + baseWindows.get(0).start() + " to " + window.start();
        double[] values = new double[seen.size()];
        int n = 0;
        for (Observation o : seen) {
            switch (o) {
                case Observation.Failed f -> {
                    return r.result(WindowVerdict.ERROR, OptionalDouble.of(v), OptionalDouble.empty(), OptionalDouble.empty(),
                            "baseline (" + rel.baseline().text() + ", " + span + "): " + f.reason());
                }
                case Observation.NoData d -> { }
                case Observation.Value bv -> values[n++] = bv.value();
            }
        }
        if (n == 0) {
            return r.result(WindowVerdict.NO_DATA, OptionalDouble.of(v), OptionalDouble.empty(), OptionalDouble.empty(),
                    "baseline (" + rel.baseline().text() + ", " + span + ") has no data");
        }
        double base = Descriptive.median(Arrays.copyOf(values, n));
        double limit = rel.limit(base);
        String how = "baseline " + rel.baseline().text() + " (" + span + (baseWindows.size() > 1 ? ", median of " + n : "")
                + ") " + num(base) + ", limit " + num(limit);
        WindowVerdict verdict = rel.breaches(v, base) ? WindowVerdict.BREACH : WindowVerdict.OK;
        return r.result(verdict, OptionalDouble.of(v), OptionalDouble.of(base), OptionalDouble.of(limit), how);
    }

    private Observation ask(String query, Instant at) {
        try {
            return Objects.requireNonNull(source.at(query, at), "observation");
        } catch (RuntimeException ex) {
            return new Observation.Failed("query failed: " + ex);
        }
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }

    /**
     * The closing gate's view of one window: each result's metric with its {@link WindowVerdict#outcome()};
     * when several expectations share a metric the worst wins (breach, then no-data, then within tolerance).
     */
    public static ReportingWindow toReportingWindow(Window window, List<WindowResult> results) {
        Map<String, MetricOutcome> outcomes = new HashMap<>();
        for (WindowResult r : results) {
            if (!r.window().equals(window)) {
                throw PerfguardException.badInput("result of " + r.name() + " is for window " + r.window()
                        + ", not " + window);
            }
            outcomes.merge(r.metric(), r.verdict().outcome(), Evaluator::worse);
        }
        return new ReportingWindow(window.start(), window.length(), outcomes);
    }

    private static MetricOutcome worse(MetricOutcome a, MetricOutcome b) {
        if (a == MetricOutcome.BREACH || b == MetricOutcome.BREACH) {
            return MetricOutcome.BREACH;
        }
        return a == MetricOutcome.NO_DATA || b == MetricOutcome.NO_DATA ? MetricOutcome.NO_DATA : MetricOutcome.WITHIN_TOLERANCE;
    }

    private record Builder(Expectation e, Window window, String query, Instant at, Optional<PanelLink> panel) {
        WindowResult result(WindowVerdict verdict, OptionalDouble value, OptionalDouble baseline, OptionalDouble limit, String detail) {
            return new WindowResult(e.name(), e.metric(), window, verdict, value, baseline, limit, query, at, panel, detail);
        }
    }
}
