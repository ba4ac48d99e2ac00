package dev.perfguard.app.target;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The online quality signal: nDCG@10 of the last {@code capacity} searches that arrived with a judged
 * Cranfield query id, as trec_eval's {@code ndcg_cut.10} computes it (gains as {@link Cranfield} maps them,
 * discount {@code 1/log2(rank+1)}, the ideal ordering over every judged document of the query). The order is
 * the one the target answered with.
 */
final class QualityWindow {
    private final double[] values;
    private int next;
    private int filled;
    private long judged;

    QualityWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.values = new double[capacity];
    }

    synchronized void add(double ndcg) {
        values[next] = ndcg;
        next = (next + 1) % values.length;
        filled = Math.min(filled + 1, values.length);
        judged++;
    }

    /** The mean over the window, empty before the first judged search. */
    synchronized OptionalDouble mean() {
        if (filled == 0) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (int i = 0; i < filled; i++) {
            sum += values[i];
        }
        return OptionalDouble.of(sum / filled);
    }

    synchronized int size() {
        return filled;
    }

    int capacity() {
        return values.length;
    }

    /** Judged searches since start. */
    synchronized long judged() {
        return judged;
    }

    /** nDCG@10 of {@code rankedIds} (best first) against {@code gains} (document id → gain); 0 without a relevant one. */
    static double ndcgAt10(List<String> rankedIds, Map<String, Integer> gains) {
        double dcg = 0;
        for (int i = 0; i < Math.min(10, rankedIds.size()); i++) {
            dcg += gains.getOrDefault(rankedIds.get(i), 0) / log2(i + 2);
        }
        List<Integer> ideal = gains.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).limit(10).toList();
        double idcg = 0;
        for (int i = 0; i < ideal.size(); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
