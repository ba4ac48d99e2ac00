package dev.perfguard.core.rageval;

import java.util.List;
import java.util.Objects;

/**
 * The result of evaluating a run: per-query values in C strcmp order of query id and the summary
 * ("all") values.
 *
 * @param measures the columns
 * @param options the switches used
 * @param runId the run id of the run's last line
 * @param queries every query counted in {@code num_q}, ordered by id
 * @param summary per column: the mean over queries (gm_map: geometric mean), the sum for counts,
 *     {@code num_q} for num_q
 */
public record Evaluation(MeasureSet measures, EvalOptions options, String runId, List<QueryScores> queries,
        double[] summary) {
    public Evaluation {
        Objects.requireNonNull(measures, "measures");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(runId, "runId");
        queries = List.copyOf(queries);
        summary = summary.clone();
    }

    @Override
    public double[] summary() {
        return summary.clone();
    }

    public double summary(int column) {
        return summary[column];
    }

    public int numQ() {
        return queries.size();
    }

    /** The scores of a query, or null when it was not counted. */
    public QueryScores query(String qid) {
        for (QueryScores q : queries) {
            if (q.qid().equals(qid)) {
                return q;
            }
        }
        return null;
    }
}
