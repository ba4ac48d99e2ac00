package dev.perfguard.signals.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The intended start of every iteration of a list of stages, as an offset in nanoseconds from the start of
 * the run. The arrival rate is piecewise linear in time (a constant stage is a segment whose rate does not
 * change); iteration {@code k} (from 0) starts when the integral of the rate, counted from the run's start,
 * reaches {@code k}. On a segment from rate {@code r0} to {@code r1} over {@code D}, the count after {@code t}
 * is {@code c0 + r0 t + (r1 - r0) t^2 / 2D}, so each start is a root of a quadratic, computed exactly rather
 * than accumulated step by step (no drift over long runs). 500/s for 20 s is iterations 0..9999 at k/500 s.
 */
final class ArrivalSchedule {
    /** A segment with a linear rate: from r0 to r1 per second over seconds, starting at the given offset. */
    private record Segment(double startSeconds, double seconds, double r0, double r1, double countBefore, int maxInFlight) {
        double count() {
            return r0 * seconds + (r1 - r0) * seconds / 2;
        }
    }

    private final List<Segment> segments = new ArrayList<>();
    private final double totalSeconds;
    private int segment;
    private long next;

    ArrivalSchedule(List<Stage> stages) {
        double at = 0;
        double count = 0;
        for (Stage stage : stages) {
            switch (stage) {
                case Stage.ConstantArrivalRate c -> {
                    Segment s = new Segment(at, seconds(c.duration()), c.rate(), c.rate(), count, c.maxInFlight());
                    segments.add(s);
                    at += s.seconds();
                    count += s.count();
                }
                case Stage.RampingArrivalRate r -> {
                    double rate = r.startRate();
                    for (Stage.Ramp ramp : r.ramps()) {
                        Segment s = new Segment(at, seconds(ramp.duration()), rate, ramp.target(), count, r.maxInFlight());
                        segments.add(s);
                        at += s.seconds();
                        count += s.count();
                        rate = ramp.target();
                    }
                }
            }
        }
        totalSeconds = at;
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    double totalSeconds() {
        return totalSeconds;
    }

    /** How many iterations the stages plan in all (before any cap). */
    long planned() {
        double total = segments.isEmpty() ? 0 : segments.getLast().countBefore() + segments.getLast().count();
        return (long) Math.ceil(total - 1e-9);
    }

    /** The next iteration's intended start in nanoseconds from the run's start, or -1 when the stages are over. */
    long nextOffsetNanos() {
        while (segment < segments.size()) {
            Segment s = segments.get(segment);
            double need = next - s.countBefore();
            double t;
            double a = (s.r1() - s.r0()) / s.seconds();
            if (need < 0) {
                t = 0;
            } else if (a == 0) {
                t = s.r0() == 0 ? Double.POSITIVE_INFINITY : need / s.r0();
            } else {
                double disc = s.r0() * s.r0() + 2 * a * need;
                t = disc < 0 ? Double.POSITIVE_INFINITY : (-s.r0() + Math.sqrt(disc)) / a;
                if (t < 0) {
                    t = Double.POSITIVE_INFINITY;
                }
            }
            if (t < s.seconds()) {
                next++;
                return Math.round((s.startSeconds() + t) * 1e9);
            }
            segment++;
        }
        return -1;
    }

    /** The maximum in flight of the segment the last offset came from. */
    int maxInFlight() {
        return segments.get(Math.min(segment, segments.size() - 1)).maxInFlight();
    }
}
