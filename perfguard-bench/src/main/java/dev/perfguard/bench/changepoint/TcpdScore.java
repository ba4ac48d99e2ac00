package dev.perfguard.bench.changepoint;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The scoring rules of TCPDBench (van den Burg and Williams 2020), re-implemented from their
 * description in {@code fixtures/changepoint/README.md}: F1 with a margin of 5 points against the
 * union and each of the annotators, and segmentation covering averaged over annotators.
 */
final class TcpdScore {
    static final int MARGIN = 5;

    private TcpdScore() {}

    /** Drops duplicates and keeps only {@code 1 <= x <= n - 2}, as TCPDBench does before scoring. */
    static TreeSet<Integer> clean(List<Integer> detections, int n) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int x : detections) {
            if (x >= 1 && x <= n - 2) {
                out.add(x);
            }
        }
        return out;
    }

    /**
     * Number of true locations matched, each to the closest still-unmatched detection within the
     * margin (smaller location first on equal distance), each detection used at most once.
     */
    static int truePositives(TreeSet<Integer> truth, TreeSet<Integer> detections) {
        TreeSet<Integer> left = new TreeSet<>(detections);
        int count = 0;
        for (int tau : truth) {
            Integer best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (int x : left.subSet(tau - MARGIN, true, tau + MARGIN, true)) {
                int d = Math.abs(tau - x);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = x;
                }
            }
            if (best != null) {
                count++;
                left.remove(best);
            }
        }
        return count;
    }

    /** F1 of cleaned detections against the annotators' sets; index 0 is added to all of them. */
    static double f1(List<TreeSet<Integer>> annotators, TreeSet<Integer> detections) {
        TreeSet<Integer> x = new TreeSet<>(detections);
        x.add(0);
        TreeSet<Integer> union = new TreeSet<>();
        List<TreeSet<Integer>> sets = new ArrayList<>();
        for (TreeSet<Integer> a : annotators) {
            TreeSet<Integer> t = new TreeSet<>(a);
            t.add(0);
            sets.add(t);
            union.addAll(t);
        }
        double precision = truePositives(union, x) / (double) x.size();
        double recall = 0;
        for (TreeSet<Integer> t : sets) {
            recall += truePositives(t, x) / (double) t.size();
        }
        recall /= sets.size();
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Segmentation covering of each annotator's partition by the detected one, averaged. */
    static double cover(List<TreeSet<Integer>> annotators, TreeSet<Integer> detections, int n) {
        List<int[]> predicted = partition(detections, n);
        double total = 0;
        for (TreeSet<Integer> a : annotators) {
            double c = 0;
            for (int[] r : partition(a, n)) {
                double best = 0;
                for (int[] q : predicted) {
                    int inter = Math.max(0, Math.min(r[1], q[1]) - Math.max(r[0], q[0]));
                    int union = (r[1] - r[0]) + (q[1] - q[0]) - inter;
                    best = Math.max(best, inter / (double) union);
                }
                c += (r[1] - r[0]) * best;
            }
            total += c / n;
        }
        return total / annotators.size();
    }

    /** The half-open segments {@code [start, end)} that change points at {@code cps} cut {@code [0, n)} into. */
    static List<int[]> partition(TreeSet<Integer> cps, int n) {
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        for (int c : cps) {
            if (c > start && c < n) {
                parts.add(new int[] {start, c});
                start = c;
            }
        }
        parts.add(new int[] {start, n});
        return parts;
    }
}
