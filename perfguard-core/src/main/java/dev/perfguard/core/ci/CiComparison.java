package dev.perfguard.core.ci;

import dev.perfguard.core.stats.Descriptive;
import dev.perfguard.core.stats.MannWhitney;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges a CI metric against the same series in the baseline build. When both sides bring at least
 * {@code minRuns} repeated samples, a change of the median beyond the relative {@code tolerance} is a regression
 * only if the one-sided Mann–Whitney test (exact for small samples, as the Lighthouse comparison uses it) says
 * this build is worse at {@code alpha}; otherwise it is inconclusive. With single values (or too few samples) the
 * relative tolerance alone decides: a reported value carries no spread to test.
 *
 * @param tolerance relative change of the median tolerated, e.g. 0.10 for 10 %
 * @param alpha one-sided significance level of the rank test
 * @param minRuns repeated samples needed on each side for the rank test
 */
public record CiComparison(double tolerance, double alpha, int minRuns) {
    public CiComparison {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number >= 0, was " + tolerance);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1 (exclusive), was " + alpha);
        }
        if (minRuns < 1) {
            throw new IllegalArgumentException("minRuns must be at least 1, was " + minRuns);
        }
    }

    public CiResult judge(Optional<CiMetric> baseline, CiMetric current) {
        double[] cv = current.values();
        double cm = Descriptive.median(cv);
        if (baseline.isEmpty()) {
            return new CiResult(current, Double.NaN, cm, 0, OptionalDouble.empty(), CiStatus.NEW,
                    "no value in the baseline build: new metric");
        }
        double[] bv = baseline.get().values();
        double bm = Descriptive.median(bv);
        int sign = current.direction().worseSign();
        double worse = (cm - bm) * sign;
        double threshold = tolerance * Math.abs(bm);
        String change = change(bm, cm, current.unit());
        boolean tested = current.repeated() && baseline.get().repeated() && bv.length >= minRuns && cv.length >= minRuns;
        if (!tested) {
            if (worse > threshold) {
                return new CiResult(current, bm, cm, bv.length, OptionalDouble.empty(), CiStatus.REGRESSION,
                        change + " beyond tolerance " + pct(tolerance));
            }
            if (-worse > threshold) {
                return new CiResult(current, bm, cm, bv.length, OptionalDouble.empty(), CiStatus.IMPROVEMENT, change);
            }
            return new CiResult(current, bm, cm, bv.length, OptionalDouble.empty(), CiStatus.PASS,
                    "within tolerance " + pct(tolerance) + " (" + change + ")");
        }
        double pWorse = sign > 0 ? MannWhitney.pGreater(bv, cv) : MannWhitney.pLess(bv, cv);
        double pBetter = sign > 0 ? MannWhitney.pLess(bv, cv) : MannWhitney.pGreater(bv, cv);
        String samples = String.format(Locale.ROOT, "%d vs %d samples", bv.length, cv.length);
        if (worse > threshold) {
            if (pWorse < alpha) {
                return new CiResult(current, bm, cm, bv.length, OptionalDouble.of(pWorse), CiStatus.REGRESSION,
                        change + " beyond tolerance " + pct(tolerance) + " (" + samples + ", p=" + p(pWorse) + ")");
            }
            return new CiResult(current, bm, cm, bv.length, OptionalDouble.of(pWorse), CiStatus.INCONCLUSIVE,
                    change + " beyond tolerance, but not significant given the spread (" + samples + ", p=" + p(pWorse) + ")");
        }
        if (-worse > threshold && pBetter < alpha) {
            return new CiResult(current, bm, cm, bv.length, OptionalDouble.of(pBetter), CiStatus.IMPROVEMENT,
                    change + " (" + samples + ", p=" + p(pBetter) + ")");
        }
        return new CiResult(current, bm, cm, bv.length, OptionalDouble.of(pWorse), CiStatus.PASS,
                "within tolerance " + pct(tolerance) + " (" + change + ", " + samples + ")");
    }

    static String change(double before, double after, String unit) {
        String u = unit.isEmpty() ? "" : " " + unit;
        if (before == after) {
            return "unchanged at " + number(after) + u;
        }
        String rel = before == 0 ? "" : String.format(Locale.ROOT, " (%+.1f%%)", (after - before) / Math.abs(before) * 100);
        return number(before) + " → " + number(after) + u + rel;
    }

    /** A metric value as the CI reports write it: whole above 1000, else four significant digits without trailing zeros. */
    public static String number(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        String t = String.format(Locale.ROOT, "%.4g", v);
        return t.contains(".") && !t.contains("e") ? t.replaceFirst("0+$", "").replaceFirst("\\.$", "") : t;
    }

    private static String pct(double r) {
        return number(r * 100) + " %";
    }

    private static String p(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
