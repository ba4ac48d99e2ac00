package dev.perfguard.core.changepoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits a dense series (no missing values) into segments of constant level or trend, in three
 * stages.
 *
 * <ol>
 *   <li><b>Candidates</b> by binary segmentation (Scott and Knott 1974; Vostrikova 1981): the
 *       stretch is split where the rank split statistic {@code |Z_t|} is largest if a permutation
 *       test of that maximum passes the liberal level {@code splitAlpha}, and the parts are
 *       treated the same way. If no single split passes, a level that leaves and comes back is
 *       looked for: a multiscale scan of short intervals ({@link RankStatistics#burst}), then
 *       Kuiper's range of the rank walk ({@link RankStatistics#rangePValue}).
 *   <li><b>Pruning</b> in the manner of Hunter / Apache Otava (Fleming et al. 2023): every
 *       candidate is re-tested against its two neighbouring segments only, with the statistic
 *       divided by the AR(1) long-run factor of the residual ranks (the larger of the local
 *       estimate and the whole-stretch one), and the weakest candidate that fails the level
 *       {@code alpha} (or the minimum effect) is dropped; its neighbours are re-tested on the
 *       merged segment, until every remaining candidate passes. Kept change points are then
 *       moved to the peak of the statistic between their final neighbours (Bai 1997).
 *   <li><b>Trend breaks</b> ({@link #trendBreaks}): each resulting segment is scanned for a break in
 *       the trend of its ranks ({@link TrendBreak}) and split where one passes, recursively.
 * </ol>
 *
 * <p>Cost: each stage-one level sorts and scans every stretch once, O(n log n), plus permutations
 * that stop early on clear nulls (Besag and Clifford 1991) and are skipped on clear changes. Stage
 * two re-tests a candidate in O(m log m) for the m points of its two segments, at most three times
 * per removal.
 */
final class Segmenter {
    private final Params params;

    Segmenter(Params params) {
        this.params = params;
    }

    /** One kept change point: offset in the dense series and its p-value. */
    record Cut(int at, double pValue) {}

    /** Change points of {@code v[from, to)}, offsets relative to {@code v}, ascending. */
    Cut[] segment(double[] v, int from, int to, double minEffect) {
        int[] candidates = candidates(v, from, to);
        double rhoFloor = params.globalAutocorrelation() ? globalAutocorrelation(v, from, to, candidates) : 0;
        Cut[] cuts = prune(v, from, to, candidates, minEffect, rhoFloor);
        return params.trendBreaks() ? trendBreaks(v, from, to, cuts, minEffect) : cuts;
    }

    /** Level of the trend-break test: half of {@code alpha}, as it is a second test of each final segment. */
    double trendAlpha() {
        return params.alpha() / 2;
    }

    /** Permutations of the trend-break test: enough that its smallest p-value equals its level. */
    int trendPermutations() {
        return 2 * (params.maxPermutations() + 1) - 1;
    }

    /**
     * Stage three: every segment between the pruned change points is scanned for a break in the
     * trend of its ranks ({@link TrendBreak}); a break that passes {@link #trendAlpha()} (and the
     * minimum effect) becomes a change point and both sides are scanned again, until none passes.
     * The level-change test cannot see these breaks: a rise that turns into a fall, or a level
     * that drops inside a trend, leaves residual ranks so autocorrelated under a two-level fit that
     * the AR(1) correction absorbs it.
     */
    Cut[] trendBreaks(double[] v, int from, int to, Cut[] cuts, double minEffect) {
        List<Cut> out = new ArrayList<>(Arrays.asList(cuts));
        int start = from;
        for (int k = 0; k <= cuts.length; k++) {
            int end = k < cuts.length ? cuts[k].at() : to;
            Deque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[] {start, end});
            while (!stack.isEmpty()) {
                int[] r = stack.pop();
                TrendBreak.Result res = TrendBreak.scan(v, r[0], r[1], params.minSegment(), params.maxAutocorrelation(),
                        trendAlpha(), trendPermutations(), params.hits(), seed(r[0], r[1], -2));
                if (res == null || res.pValue() > trendAlpha()) {
                    continue;
                }
                int at = r[0] + res.at();
                if (Math.abs(Levels.relativeChange(Levels.median(v, r[0], at), Levels.median(v, at, r[1]))) < minEffect) {
                    continue;
                }
                out.add(new Cut(at, res.pValue()));
                stack.push(new int[] {r[0], at});
                stack.push(new int[] {at, r[1]});
            }
            start = end;
        }
        out.sort(Comparator.comparingInt(Cut::at));
        return out.toArray(new Cut[0]);
    }

    /**
     * Lag-one autocorrelation of the ranks of {@code v[from, to)} once the mean rank of every
     * candidate segment is removed: the serial dependence of the noise, estimated on the whole
     * stretch rather than on the two segments around one candidate, where a short segment can hide
     * it. Stage one over-segments rather than under-segments, so level changes inflate this
     * little.
     */
    static double globalAutocorrelation(double[] v, int from, int to, int[] candidates) {
        if (to - from < 3) {
            return 0;
        }
        double[] s = RankStatistics.centeredRanks(v, from, to);
        double num = 0;
        double den = 0;
        int start = 0;
        for (int k = 0; k <= candidates.length; k++) {
            int end = k < candidates.length ? candidates[k] - from : s.length;
            double mean = 0;
            for (int i = start; i < end; i++) {
                mean += s[i];
            }
            mean /= end - start;
            double prev = 0;
            for (int i = start; i < end; i++) {
                double e = s[i] - mean;
                den += e * e;
                if (i > start) {
                    num += prev * e;
                }
                prev = e;
            }
            start = end;
        }
        return den > 0 ? num / den : 0;
    }

    /** What stage one proposes for one stretch. */
    sealed interface Proposal {
        /** Nothing passes: the stretch is a leaf. */
        record Keep() implements Proposal {}

        /** One level change, at offset {@code at} from the stretch's start. */
        record Step(int at) implements Proposal {}

        /** A level that leaves at offset {@code start} and comes back at {@code end}. */
        record Excursion(int start, int end) implements Proposal {}
    }

    /** Stage-one proposal for {@code v[a, b)}: a single split, else an excursion, else nothing. */
    Proposal propose(double[] v, int a, int b) {
        int minSeg = params.minSegment();
        int m = b - a;
        if (m < 2 * minSeg) {
            return new Proposal.Keep();
        }
        double[] s = RankStatistics.centeredRanks(v, a, b);
        double sumSq = RankStatistics.sumOfSquares(s);
        double[] w = RankStatistics.weights(m, sumSq, minSeg);
        int t = RankStatistics.argMax(s, w);
        if (t < 0) {
            return new Proposal.Keep(); // every value tied
        }
        double p = RankStatistics.pValue(s, w, minSeg, RankStatistics.z(s, w, t), params.splitAlpha() / 100,
                params.maxPermutations() / 10, params.hits(), seed(a, b, -1));
        if (p <= params.splitAlpha()) {
            return new Proposal.Step(t);
        }
        // No single split: look for a level that leaves and comes back (a reverted regression),
        // short excursions first, then the range of the whole rank walk for long ones.
        double[] burst = params.burstScan() ? RankStatistics.burst(s, sumSq, minSeg) : null;
        if (burst != null && burst[2] <= params.splitAlpha()) {
            return new Proposal.Excursion((int) burst[0], (int) burst[1]);
        }
        int[] pair = RankStatistics.rangePair(s);
        if (pair != null && pair[0] >= minSeg && m - pair[1] >= minSeg && pair[1] - pair[0] >= minSeg
                && RankStatistics.rangePValue(s, sumSq, pair[0], pair[1]) <= params.splitAlpha()) {
            return new Proposal.Excursion(pair[0], pair[1]);
        }
        return new Proposal.Keep();
    }

    /** Stage one: the candidate change points of {@code v[from, to)}, ascending. */
    int[] candidates(double[] v, int from, int to) {
        int[] out = new int[16];
        int count = 0;
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {from, to});
        while (!stack.isEmpty()) {
            int[] range = stack.pop();
            int a = range[0];
            int b = range[1];
            int[] cuts = switch (propose(v, a, b)) {
                case Proposal.Keep k -> new int[0];
                case Proposal.Step step -> new int[] {a + step.at()};
                case Proposal.Excursion e -> new int[] {a + e.start(), a + e.end()};
            };
            int start = a;
            for (int c : cuts) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = c;
                stack.push(new int[] {start, c});
                start = c;
            }
            if (cuts.length > 0) {
                stack.push(new int[] {start, b});
            }
        }
        int[] result = Arrays.copyOf(out, count);
        Arrays.sort(result);
        return result;
    }

    /** Result of re-testing one candidate against its neighbouring segments. */
    record Test(double pValue, double change) {}

    Test test(double[] v, int left, int at, int right, double rhoFloor) {
        int m = right - left;
        int t = at - left;
        int minSeg = params.minSegment();
        double[] s = RankStatistics.centeredRanks(v, left, right);
        double[] w = RankStatistics.weights(m, RankStatistics.sumOfSquares(s), minSeg);
        double z = RankStatistics.z(s, w, t);
        double rho = RankStatistics.residualAutocorrelation(s, t);
        rho = Math.min(params.maxAutocorrelation(), Math.max(Math.max(0, rhoFloor), rho));
        double zEff = z * Math.sqrt((1 - rho) / (1 + rho));
        double p = RankStatistics.pValue(s, w, minSeg, zEff, params.alpha() / 100,
                params.maxPermutations(), params.hits(), seed(left, right, at));
        double before = Levels.median(v, left, at);
        double after = Levels.median(v, at, right);
        return new Test(p, Levels.relativeChange(before, after));
    }

    Cut[] prune(double[] v, int from, int to, int[] cand, double minEffect, double rhoFloor) {
        int k = cand.length;
        if (k == 0) {
            return new Cut[0];
        }
        int[] prev = new int[k];
        int[] next = new int[k];
        boolean[] removed = new boolean[k];
        int[] version = new int[k];
        Test[] tests = new Test[k];
        for (int i = 0; i < k; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < k ? i + 1 : -1;
        }
        // Weakest first: a failed minimum effect outranks any p-value, then the largest p-value.
        PriorityQueue<double[]> weak = new PriorityQueue<>((x, y) -> Double.compare(y[0], x[0]));
        for (int i = 0; i < k; i++) {
            tests[i] = retest(v, from, to, cand, prev, next, i, rhoFloor);
            offer(weak, tests[i], i, version[i], minEffect);
        }
        while (!weak.isEmpty()) {
            double[] top = weak.poll();
            int i = (int) top[1];
            if (removed[i] || (int) top[2] != version[i]) {
                continue;
            }
            removed[i] = true;
            int p = prev[i];
            int n = next[i];
            if (p >= 0) {
                next[p] = n;
            }
            if (n >= 0) {
                prev[n] = p;
            }
            for (int j : new int[] {p, n}) {
                if (j >= 0) {
                    version[j]++;
                    tests[j] = retest(v, from, to, cand, prev, next, j, rhoFloor);
                    offer(weak, tests[j], j, version[j], minEffect);
                }
            }
        }
        int kept = 0;
        for (int i = 0; i < k; i++) {
            if (!removed[i]) {
                cand[kept] = cand[i];
                tests[kept++] = tests[i];
            }
        }
        if (params.relocate()) {
            relocate(v, from, to, cand, tests, kept, rhoFloor, minEffect);
            // A move changes its neighbours' segments: report every p-value against the final ones.
            for (int i = 0; i < kept; i++) {
                tests[i] = test(v, i > 0 ? cand[i - 1] : from, cand[i], i + 1 < kept ? cand[i + 1] : to, rhoFloor);
            }
        }
        Cut[] out = new Cut[kept];
        for (int i = 0; i < kept; i++) {
            out[i] = new Cut(cand[i], tests[i].pValue());
        }
        return out;
    }

    /**
     * Moves each kept change point to where the split statistic peaks between its final
     * neighbours (the re-estimation step of Bai 1997): binary segmentation placed it while other
     * changes were still in its stretch, which can pull it a few points off. The move is kept if
     * the change point still passes its test and the minimum effect there.
     */
    private void relocate(double[] v, int from, int to, int[] cuts, Test[] tests, int kept, double rhoFloor,
            double minEffect) {
        int minSeg = params.minSegment();
        for (int i = 0; i < kept; i++) {
            int left = i > 0 ? cuts[i - 1] : from;
            int right = i + 1 < kept ? cuts[i + 1] : to;
            double[] s = RankStatistics.centeredRanks(v, left, right);
            double[] w = RankStatistics.weights(right - left, RankStatistics.sumOfSquares(s), minSeg);
            int t = RankStatistics.argMax(s, w);
            int target = t > 0 ? left + sharpen(s, t, minSeg) : cuts[i];
            if (target != cuts[i]) {
                Test moved = test(v, left, target, right, rhoFloor);
                if (moved.pValue() <= params.alpha() && Math.abs(moved.change()) >= minEffect) {
                    cuts[i] = target;
                    tests[i] = moved;
                }
            }
        }
    }

    /** How far either side of the rank-CUSUM peak {@link #sharpen} looks. */
    private static final int SHARPEN_RADIUS = 3;

    /**
     * The CUSUM of ranks peaks where the two sides' rank sums differ most, which an observation of
     * the old level that happens to rank high in its segment can pull a place or two early (its
     * positive centred rank adds to the difference). Among the offsets within {@value
     * #SHARPEN_RADIUS} of the peak, this takes the one whose two sides are best separated: the
     * Mann–Whitney {@code U / (t (m - t))} (the probability that an observation after the split
     * exceeds one before it) furthest from one half; ties keep the offset nearest the peak. Ranks
     * only, so the result still depends on nothing but the order of the values. O(m).
     *
     * @param s centred (mid-)ranks of the stretch, as {@link RankStatistics#centeredRanks} gives
     * @return an offset into the stretch
     */
    static int sharpen(double[] s, int peak, int minSeg) {
        int m = s.length;
        double mid = (m + 1) / 2.0;
        double[] suffix = new double[m + 1];
        for (int j = m - 1; j >= 0; j--) {
            suffix[j] = suffix[j + 1] + s[j] + mid;
        }
        int lo = Math.max(Math.max(1, minSeg), peak - SHARPEN_RADIUS);
        int hi = Math.min(m - Math.max(1, minSeg), peak + SHARPEN_RADIUS);
        int best = peak;
        double bestSeparation = -1;
        for (int t = lo; t <= hi; t++) {
            double after = m - t;
            double u = suffix[t] - after * (after + 1) / 2.0;
            double separation = Math.abs(u / (t * after) - 0.5);
            if (separation > bestSeparation + 1e-12
                    || (Math.abs(separation - bestSeparation) <= 1e-12 && Math.abs(t - peak) < Math.abs(best - peak))) {
                bestSeparation = separation;
                best = t;
            }
        }
        return best;
    }

    private Test retest(double[] v, int from, int to, int[] cand, int[] prev, int[] next, int i, double rhoFloor) {
        int left = prev[i] >= 0 ? cand[prev[i]] : from;
        int right = next[i] >= 0 ? cand[next[i]] : to;
        return test(v, left, cand[i], right, rhoFloor);
    }

    private void offer(PriorityQueue<double[]> weak, Test test, int i, int version, double minEffect) {
        boolean tooSmall = Math.abs(test.change()) < minEffect;
        if (tooSmall) {
            weak.add(new double[] {2 + test.pValue(), i, version});
        } else if (test.pValue() > params.alpha()) {
            weak.add(new double[] {test.pValue(), i, version});
        }
    }

    /** A seed fixed by the stretch tested, so results do not depend on the order of the tests. */
    private static long seed(int a, int b, int at) {
        long h = 0x9E3779B97F4A7C15L;
        h = (h ^ a) * 0xBF58476D1CE4E5B9L;
        h = (h ^ b) * 0x94D049BB133111EBL;
        h = (h ^ at) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }
}
