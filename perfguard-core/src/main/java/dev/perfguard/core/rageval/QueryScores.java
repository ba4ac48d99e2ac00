package dev.perfguard.core.rageval;

import java.util.Objects;

/**
 * One query's values, one per column of the evaluation's {@link MeasureSet}.
 *
 * @param qid the query id
 * @param values the values (counts as whole numbers; 0 for runid and num_q)
 * @param missing true when the query had judgments but no run lines and was scored zero
 * @param relString the relstring value (without quotes) when asked for, else null
 */
public record QueryScores(String qid, double[] values, boolean missing, String relString) {
    public QueryScores {
        Objects.requireNonNull(qid, "qid");
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int column) {
        return values[column];
    }
}
