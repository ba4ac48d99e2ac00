package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rule that keeps an incident open until its metrics are back (runbook step 5.4: "close only after
 * confirming metrics are back within tolerance for two consecutive reporting windows").
 *
 * <p>The <em>required windows</em> are the last {@code closeAfterWindows} <em>complete</em> windows
 * before {@code now}: with one-hour windows, two required, and now 12:20, they are 10:00-11:00 and
 * 11:00-12:00 (12:00-13:00 has not ended and is not looked at). The incident is closable iff for
 * each required window:
 *
 * <ul>
 *   <li>it ended after the incident opened (a window that ended at or before the opening says nothing
 *       about the recovery);</li>
 *   <li>a result was reported for it (otherwise it is <em>missing</em>: the run of consecutive
 *       windows is broken, and older good windows do not make up for it);</li>
 *   <li>every triggering metric is {@link MetricOutcome#WITHIN_TOLERANCE} in it ({@code BREACH} and
 *       {@code NO_DATA}, including a metric absent from the window, both fail).</li>
 * </ul>
 *
 * Otherwise the result lists every problem: which metric failed in which window, which windows are
 * missing, which ended before the opening. Because the required windows always end at the last
 * complete window, a stale run (two good windows last week, nothing since) is refused too.
 */
public record ClosingGate(int closeAfterWindows, Duration windowLength) {

    public static final ClosingGate DEFAULT = new ClosingGate(2, Duration.ofHours(1));
    public static final int MAX_WINDOWS = 1000;

    public ClosingGate {
        if (closeAfterWindows < 1 || closeAfterWindows > MAX_WINDOWS) {
            throw PerfguardException.badInput("close_after_windows must be between 1 and " + MAX_WINDOWS
                    + ", was " + closeAfterWindows);
        }
        Objects.requireNonNull(windowLength, "windowLength");
        if (windowLength.isNegative() || windowLength.isZero() || windowLength.compareTo(ReportingWindow.MAX_LENGTH) > 0) {
            throw PerfguardException.badInput("reporting_window must be positive and at most 366 days, was " + windowLength);
        }
    }

    /** The answer of {@link #evaluate}. */
    public sealed interface Result {
        /** Every triggering metric was within tolerance in each required window (oldest first). */
        record Closable(List<Instant> windowStarts) implements Result {
            public Closable {
                windowStarts = List.copyOf(windowStarts);
            }
        }

        /** Closing is refused; {@code problems} are in window order, then metric order. */
        record NotClosable(List<Problem> problems) implements Result {
            public NotClosable {
                problems = List.copyOf(problems);
                if (problems.isEmpty()) {
                    throw new IllegalArgumentException("a refusal lists at least one problem");
                }
            }

            /** All problems as one sentence list for a person, separated by "; ". */
            public String reason() {
                return problems.stream().map(Problem::describe).collect(Collectors.joining("; "));
            }
        }
    }

    /** Why one required window does not count. */
    public sealed interface Problem {
        Instant windowStart();

        String describe();

        /** No result was reported for the window. */
        record MissingWindow(Instant windowStart, Instant windowEnd) implements Problem {
            @Override
            public String describe() {
                return "window " + windowStart + " to " + windowEnd + " is missing";
            }
        }

        /** The window ended at or before the incident opened. */
        record BeforeOpening(Instant windowStart, Instant windowEnd, Instant openedAt) implements Problem {
            @Override
            public String describe() {
                return "window " + windowStart + " to " + windowEnd + " ended before the incident opened at " + openedAt;
            }
        }

        /** The window started before the change was contained (flag rolled back, traffic shaped). */
        record BeforeContainment(Instant windowStart, Instant windowEnd, Instant containedAt) implements Problem {
            @Override
            public String describe() {
                return "window " + windowStart + " to " + windowEnd + " started before the containment at " + containedAt;
            }
        }

        /** A triggering metric was not within tolerance ({@code BREACH} or {@code NO_DATA}) in the window. */
        record MetricNotWithinTolerance(Instant windowStart, Instant windowEnd, String metric, MetricOutcome outcome)
                implements Problem {
            @Override
            public String describe() {
                return metric + " was " + (outcome == MetricOutcome.BREACH ? "in breach" : "without data")
                        + " in window " + windowStart + " to " + windowEnd;
            }
        }
    }

    /**
     * Evaluates the gate.
     *
     * @param triggeringMetrics the incident's triggering metric names (at least one)
     * @param windows the window results reported for the incident, in any order, one per start,
     *     each of this gate's window length; windows outside the required ones are ignored
     * @param openedAt when the incident opened
     * @param now the evaluation time
     */
    public Result evaluate(Collection<String> triggeringMetrics, Collection<ReportingWindow> windows,
            Instant openedAt, Instant now) {
        return evaluate(triggeringMetrics, windows, openedAt, Optional.empty(), now);
    }

    /**
     * As {@link #evaluate(Collection, Collection, Instant, Instant)}, and when the change was contained (a
     * feature flag rolled back, traffic shaped) at {@code containedAt}, the windows counted must start at or
     * after it: a window the containment fell into does not show the metrics back without the change.
     */
    public Result evaluate(Collection<String> triggeringMetrics, Collection<ReportingWindow> windows,
            Instant openedAt, Optional<Instant> containedAt, Instant now) {
        Objects.requireNonNull(containedAt, "containedAt");
        Objects.requireNonNull(triggeringMetrics, "triggeringMetrics");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(now, "now");
        SortedSet<String> metrics = new TreeSet<>();
        for (String m : triggeringMetrics) {
            metrics.add(Metrics.requireName(m, "triggering metric"));
        }
        if (metrics.isEmpty()) {
            throw PerfguardException.badInput("the closing gate needs at least one triggering metric");
        }
        Map<Instant, ReportingWindow> byStart = new HashMap<>();
        for (ReportingWindow w : windows) {
            Objects.requireNonNull(w, "window");
            if (!w.length().equals(windowLength)) {
                throw PerfguardException.badInput("window " + w.start() + " is " + Durations.text(w.length())
                        + " long but the reporting window is " + Durations.text(windowLength));
            }
            if (byStart.put(w.start(), w) != null) {
                throw PerfguardException.badInput("two results for window " + w.start() + "; keep one per window");
            }
        }
        Instant lastEnd = ReportingWindow.slotStart(now, windowLength);
        List<Instant> starts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = closeAfterWindows; i >= 1; i--) {
            Instant start = lastEnd.minus(windowLength.multipliedBy(i));
            Instant end = start.plus(windowLength);
            starts.add(start);
            ReportingWindow w = byStart.get(start);
            if (!end.isAfter(openedAt)) {
                problems.add(new Problem.BeforeOpening(start, end, openedAt));
            } else if (containedAt.isPresent() && start.isBefore(containedAt.get())) {
                problems.add(new Problem.BeforeContainment(start, end, containedAt.get()));
            } else if (w == null) {
                problems.add(new Problem.MissingWindow(start, end));
            } else {
                for (String metric : metrics) {
                    MetricOutcome outcome = w.outcomeOf(metric);
                    if (outcome != MetricOutcome.WITHIN_TOLERANCE) {
                        problems.add(new Problem.MetricNotWithinTolerance(start, end, metric, outcome));
                    }
                }
            }
        }
        return problems.isEmpty() ? new Result.Closable(starts) : new Result.NotClosable(problems);
    }
}
