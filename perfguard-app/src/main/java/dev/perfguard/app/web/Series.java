package dev.perfguard.app.web;

import dev.perfguard.core.Direction;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.runbook.builds.Build;
import dev.perfguard.runbook.builds.MetricHistory;
import dev.perfguard.runbook.ci.CiBuild;
import dev.perfguard.runbook.ci.CiHistory;
import dev.perfguard.runbook.incident.IncidentService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A series as the charts draw it (perfguard.js) and the explorer tabulates it: times in epoch seconds, values
 * ({@code NaN} where a point has none), the reporting windows in or out of tolerance (a run of adjacent windows alike
 * as one band, so a year of hourly windows stays small), the change points found and
 * the one the chart marks.
 *
 * @param labels a name per point (build ids), or empty
 * @param marked the change point the chart marks: the latest regression, whose index is the first point of the
 *     worse level
 */
record Series(String metric, long[] t, double[] v, OptionalDouble limit, OptionalDouble baseline, List<Window> windows,
        List<String> labels, Direction direction, List<ChangePoint> changePoints, Optional<ChangePoint> marked) {

    /** A reporting window, {@code [start, end)} in epoch seconds. */
    record Window(long start, long end, boolean inTolerance) {}

    Series {
        Objects.requireNonNull(metric, "metric");
        if (t.length != v.length) {
            throw new IllegalArgumentException("one value per time: " + v.length + " for " + t.length);
        }
        windows = List.copyOf(windows);
        labels = List.copyOf(labels);
        changePoints = List.copyOf(changePoints);
    }

    /** The time of the marked change point's first point, in epoch seconds. */
    Optional<Long> changePointTime() {
        return marked.map(c -> t[c.index()]);
    }

    /** Whether point {@code i} lies in a window in tolerance. */
    boolean inTolerance(int i) {
        int lo = 0;
        int hi = windows.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Window w = windows.get(mid);
            if (t[i] < w.start()) {
                hi = mid - 1;
            } else if (t[i] >= w.end()) {
                lo = mid + 1;
            } else {
                return w.inTolerance();
            }
        }
        return false;
    }

    int size() {
        return t.length;
    }

    /**
     * A metric's reporting-window results, with the change points the project's detector finds in their values
     * ({@code minEffect} as the branch-history check uses).
     */
    static Series ofWindows(String metric, List<IncidentService.WindowPoint> points, Duration length, Direction direction,
            OptionalDouble limit, OptionalDouble baseline, double minEffect) {
        long[] t = new long[points.size()];
        double[] v = new double[points.size()];
        List<Window> windows = new ArrayList<>(points.size());
        long len = length.toSeconds();
        for (int i = 0; i < t.length; i++) {
            IncidentService.WindowPoint p = points.get(i);
            t[i] = p.windowStart().getEpochSecond();
            v[i] = p.value().orElse(Double.NaN);
            boolean in = p.outcome() == MetricOutcome.WITHIN_TOLERANCE;
            Window last = windows.isEmpty() ? null : windows.getLast();
            if (last != null && last.end() == t[i] && last.inTolerance() == in) { // a run of like windows is one band
                windows.set(windows.size() - 1, new Window(last.start(), t[i] + len, in));
            } else {
                windows.add(new Window(t[i], t[i] + len, in));
            }
        }
        return detected(metric, t, v, limit, baseline, windows, List.of(), direction, minEffect);
    }

    /** A branch's build history of one metric: the change points are the history check's own. */
    static Series ofBuilds(MetricHistory h) {
        List<Build> builds = h.builds();
        return perBuild(h.metric().id(), builds.stream().map(Build::id).toList(), builds.stream().mapToLong(Build::createdMs).toArray(),
                h.medians(), h.metric().direction(), h.changePoints());
    }

    /** An ingested series over a branch's CI builds: the change points are the ingest history check's own. */
    static Series ofIngested(CiHistory h) {
        List<CiBuild> builds = h.builds();
        return perBuild(h.metric().series(), builds.stream().map(CiBuild::id).toList(),
                builds.stream().mapToLong(CiBuild::timeMs).toArray(), h.medians(), h.metric().direction(), h.changePoints());
    }

    /** One point per build, labelled with its id, at its time in epoch seconds. */
    private static Series perBuild(String metric, List<String> ids, long[] timesMs, double[] medians, Direction direction,
            List<ChangePoint> changePoints) {
        long[] t = new long[timesMs.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.floorDiv(timesMs[i], 1000);
        }
        return new Series(metric, t, medians.clone(), OptionalDouble.empty(), OptionalDouble.empty(), List.of(), ids, direction,
                changePoints, latestRegression(changePoints));
    }

    private static Series detected(String metric, long[] t, double[] v, OptionalDouble limit, OptionalDouble baseline,
            List<Window> windows, List<String> labels, Direction direction, double minEffect) {
        List<ChangePoint> found = ChangePointDetector.defaults().detect(v, direction, minEffect);
        return new Series(metric, t, v, limit, baseline, windows, labels, direction, found, latestRegression(found));
    }

    private static Optional<ChangePoint> latestRegression(List<ChangePoint> found) {
        for (int i = found.size() - 1; i >= 0; i--) {
            if (found.get(i).kind() == ChangePoint.Kind.REGRESSION) {
                return Optional.of(found.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Which way a stored window series gets better when nothing else says: the way its in-tolerance values lie
     * from its breaches (a breach above them means lower is better); lower when it has no breach or none in tolerance.
     */
    static Direction inferred(List<IncidentService.WindowPoint> points) {
        double in = 0;
        double out = 0;
        int nIn = 0;
        int nOut = 0;
        for (IncidentService.WindowPoint p : points) {
            if (p.value().isEmpty()) {
                continue;
            }
            if (p.outcome() == MetricOutcome.WITHIN_TOLERANCE) {
                in += p.value().getAsDouble();
                nIn++;
            } else if (p.outcome() == MetricOutcome.BREACH) {
                out += p.value().getAsDouble();
                nOut++;
            }
        }
        return nIn > 0 && nOut > 0 && out / nOut < in / nIn ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
    }

    /**
     * A load test's p99 latency from the intended start, per second of the run, from the generator's
     * {@code latency-over-time.json} ({@code {"unit":"ms","points":[{"second","p99",...}]}}), placed at the slot's start.
     */
    static Series latency(Instant start, byte[] json) {
        com.fasterxml.jackson.databind.JsonNode points;
        try {
            points = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("points");
        } catch (java.io.IOException e) {
            throw dev.perfguard.core.PerfguardException.badInput("latency-over-time artefact is not JSON: " + e.getMessage());
        }
        long[] t = new long[points.size()];
        double[] v = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            var p = points.get(i);
            t[i] = start.getEpochSecond() + p.path("second").asLong();
            v[i] = p.path("p99").isNumber() ? p.path("p99").asDouble() : Double.NaN;
        }
        return new Series("p99 latency from the intended start (ms)", t, v, OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
                List.of(), Direction.LOWER_IS_BETTER, List.of(), Optional.empty());
    }

    /** Compact JSON for perfguard.js: {@code {metric,t,v,limit?,baseline?,windows,changePoint,labels?}}. */
    String json() {
        StringBuilder sb = new StringBuilder(64 + t.length * 24 + windows.size() * 28);
        sb.append("{\"metric\":");
        string(sb, metric);
        sb.append(",\"t\":[");
        for (int i = 0; i < t.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(t[i]);
        }
        sb.append("],\"v\":[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            number(sb, v[i]);
        }
        sb.append(']');
        if (limit.isPresent()) {
            sb.append(",\"limit\":");
            number(sb, limit.getAsDouble());
        }
        if (baseline.isPresent()) {
            sb.append(",\"baseline\":");
            number(sb, baseline.getAsDouble());
        }
        sb.append(",\"windows\":[");
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            sb.append(i > 0 ? ",[" : "[").append(w.start()).append(',').append(w.end()).append(',').append(w.inTolerance() ? 1 : 0)
                    .append(']');
        }
        sb.append("],\"changePoint\":");
        Optional<Long> cp = changePointTime();
        sb.append(cp.isPresent() ? cp.get().toString() : "null");
        if (!labels.isEmpty()) {
            sb.append(",\"labels\":[");
            for (int i = 0; i < labels.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, labels.get(i));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /** A finite value as JSON (whole numbers without a fraction), {@code null} otherwise. */
    static void number(StringBuilder sb, double x) {
        if (!Double.isFinite(x)) {
            sb.append("null");
        } else if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            sb.append((long) x);
        } else {
            sb.append(x);
        }
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The time of a point as the tables print it. */
    String time(int i) {
        return Fmt.time(Instant.ofEpochSecond(t[i]));
    }

    /** A point's label: its build id, else its time. */
    String label(int i) {
        return labels.isEmpty() ? time(i) : labels.get(i);
    }
}
