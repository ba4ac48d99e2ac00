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
import java.util.Collections;
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
 * given: the query for window {@code W} is {@link Queries#render rendered} for {@code W} and, with
 * {@value Queries#WINDOW}, evaluated just before {@code W}'s end; without it, evaluated at
 * {@link Queries#points each point} of {@code W} and reduced by the expectation's {@link Aggregate}
 * (a window's value comes from its own samples {@code [start, end)}, never from the next window's first).
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

    /** Refuses a step that does not fit windows of {@code length} (see {@link Queries#checkStep}). */
    public static void checkStep(Expectation e, Duration length) {
        if (!Queries.spansWindow(e.query())) {
            Queries.checkStep(e.step(length), length);
        }
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
        Optional<PanelLink> panel = e.panel().map(p -> new PanelLink(e.name(), p).pinned(window.start(), window.end()));
        var r = new Builder(e, window, query, at, panel);
        Seen current = observe(e, query, List.of(window), "query failed: ").get(0);
        return switch (current.observation()) {
            case Observation.Failed f -> r.result(WindowVerdict.ERROR, OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), f.reason());
            case Observation.NoData n -> r.result(WindowVerdict.NO_DATA, OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), n.reason());
            case Observation.Value v -> {
                WindowResult judged = switch (e.rule()) {
                    case Rule.Absolute a -> absolute(r, a, v.value());
                    case Rule.Relative rel -> relative(r, e, rel, v.value(), query, window);
                };
                yield current.how().isEmpty() ? judged : r.result(judged.verdict(), judged.value(), judged.baseline(), judged.limit(),
                        judged.detail() + " (" + current.how() + ")");
            }
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

    private WindowResult relative(Builder r, Expectation e, Rule.Relative rel, double v, String query, Window window) {
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
        List<Seen> seen = observe(e, query, baseWindows, "baseline query failed: ");
        String span = baseWindows.size() == 1 ? "window " + baseWindows.get(0)
                : baseWindows.size() + " windows " + baseWindows.get(0).start() + " to " + window.start();
        double[] values = new double[seen.size()];
        int n = 0;
        for (Seen o : seen) {
            switch (o.observation()) {
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

    /** One window's observation and, for a query evaluated across the window, how its points were reduced. */
    private record Seen(Observation observation, String how) {}

    /**
     * The query's value in each of {@code windows} (ascending and contiguous, or a single one). A query
     * with {@value Queries#WINDOW} is asked once per window, just before its end; one without it at
     * every point of each window (one source call for all of them), reduced per window.
     */
    private List<Seen> observe(Expectation e, String query, List<Window> windows, String failed) {
        if (Queries.spansWindow(e.query())) {
            List<Observation> seen = windows.size() == 1
                    ? List.of(ask(query, Queries.evaluationTime(windows.get(0)), failed))
                    : askAll(query, windows.stream().map(Queries::evaluationTime).toList(), failed);
            return seen.stream().map(o -> new Seen(o, "")).toList();
        }
        Duration step = e.step(windows.get(0).length());
        List<Instant> times = new ArrayList<>();
        try {
            for (Window w : windows) {
                times.addAll(Queries.points(w, step));
            }
        } catch (PerfguardException ex) { // a step that does not fit the window (the configuration refuses it)
            return Collections.nCopies(windows.size(), new Seen(new Observation.Failed(ex.getMessage()), ""));
        }
        List<Observation> points = askAll(query, times, failed);
        int perWindow = times.size() / windows.size();
        List<Seen> out = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            out.add(reduce(e, points.subList(i * perWindow, (i + 1) * perWindow), step));
        }
        return out;
    }

    private static Seen reduce(Expectation e, List<Observation> points, Duration step) {
        double[] values = new double[points.size()];
        int n = 0;
        String series = "";
        for (Observation o : points) {
            switch (o) {
                case Observation.Failed f -> {
                    return new Seen(f, "");
                }
                case Observation.NoData d -> { }
                case Observation.Value v -> {
                    values[n++] = v.value();
                    series = v.series();
                }
            }
        }
        String every = points.size() + " points every " + PromDurations.text(step);
        if (n == 0) {
            return new Seen(new Observation.NoData("no sample in the window (" + every + ")"), "");
        }
        double v = e.aggregate().of(Arrays.copyOf(values, n), e.rule());
        return new Seen(new Observation.Value(v, series), e.aggregate().wireName() + " of " + n + " of " + every);
    }

    private Observation ask(String query, Instant at, String failed) {
        try {
            return Objects.requireNonNull(source.at(query, at), "observation");
        } catch (RuntimeException ex) {
            return new Observation.Failed(failed + ex);
        }
    }

    private List<Observation> askAll(String query, List<Instant> times, String failed) {
        try {
            List<Observation> seen = Objects.requireNonNull(source.at(query, times), "observations");
            if (seen.size() != times.size()) {
                throw new IllegalStateException(seen.size() + " observations for " + times.size() + " times");
            }
            return seen;
        } catch (RuntimeException ex) {
            return Collections.nCopies(times.size(), new Observation.Failed(failed + ex));
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
