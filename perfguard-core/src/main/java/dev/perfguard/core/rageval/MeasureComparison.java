package dev.perfguard.core.rageval;

import java.util.List;
import java.util.Objects;

/**
 * One measure before and after a change, paired over queries.
 *
 * @param measure the column name ({@code ndcg_cut_10})
 * @param queries the number of paired queries
 * @param before the mean before
 * @param after the mean after
 * @param tTestP two-sided paired t-test p-value (NaN below two queries)
 * @param randomizationP two-sided paired randomization test p-value
 * @param wins queries that improved
 * @param ties queries unchanged
 * @param losses queries that got worse
 * @param failing queries whose value dropped by more than the allowed drop, then queries missing
 *     from the after run, each sorted by id
 * @param missingAfter queries judged and present before but missing from the after run
 */
public record MeasureComparison(String measure, int queries, double before, double after, double tTestP,
        double randomizationP, int wins, int ties, int losses, List<String> failing, List<String> missingAfter) {
    public MeasureComparison {
        Objects.requireNonNull(measure, "measure");
        failing = List.copyOf(failing);
        missingAfter = List.copyOf(missingAfter);
    }

    /** after - before. */
    public double delta() {
        return after - before;
    }
}
