package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a breached window into the incident domain's {@link Discrepancy}: the metric, the
 * {@link Evidence.TelemetryWindows} evidence (the limit broken and the value of each recent window
 * that had one), the panel pinned to the window, detected at the window's end. This is
 * the seam the watch uses to open or update an incident through {@code Incident.open}/{@code attach}.
 */
public final class TelemetryDiscrepancies {
    /** At most this many windows of values go into the evidence. */
    public static final int MAX_WINDOWS = 48;

    private TelemetryDiscrepancies() {}

    /**
     * The discrepancies of one window's results: one per metric that has a breach (when several
     * expectations of one metric broke, the first in {@code results}' order speaks for it), in order.
     */
    public static List<Discrepancy> ofWindow(List<WindowResult> results, List<WindowResult> history) {
        Map<String, Discrepancy> byMetric = new LinkedHashMap<>();
        for (WindowResult r : results) {
            if (r.verdict() == WindowVerdict.BREACH && !byMetric.containsKey(r.metric())) {
                byMetric.put(r.metric(), of(r, history));
            }
        }
        return List.copyOf(byMetric.values());
    }

    /**
     * @param breach a {@link WindowVerdict#BREACH} result
     * @param history earlier results of the same expectation (any order; other windows' values become evidence)
     */
    public static Discrepancy of(WindowResult breach, List<WindowResult> history) {
        if (breach.verdict() != WindowVerdict.BREACH) {
            throw PerfguardException.badInput(breach.name() + " in window " + breach.window() + " is "
                    + breach.verdict().wireName() + ", not a breach");
        }
        List<WindowResult> all = new ArrayList<>();
        for (WindowResult r : history) {
            if (r.name().equals(breach.name()) && r.window().start().isBefore(breach.window().start()) && r.value().isPresent()) {
                all.add(r);
            }
        }
        all.sort(Comparator.comparing(r -> r.window().start()));
        List<WindowResult> recent = new ArrayList<>(all.subList(Math.max(0, all.size() - (MAX_WINDOWS - 1)), all.size()));
        recent.add(breach);
        List<Evidence.WindowValue> values = recent.stream()
                .map(r -> new Evidence.WindowValue(r.window().start(), r.value().getAsDouble())).toList();
        Evidence evidence = new Evidence.TelemetryWindows(breach.limit().orElseThrow(), values);
        return new Discrepancy(breach.metric(), evidence, breach.panel().stream().toList(), breach.window().end());
    }
}
