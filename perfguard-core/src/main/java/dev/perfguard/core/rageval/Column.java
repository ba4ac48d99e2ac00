package dev.perfguard.core.rageval;

import java.util.List;
import java.util.Objects;

/**
 * One output line per query: a measure at one parameter, such as {@code P_10} or
 * {@code iprec_at_recall_0.50}.
 *
 * @param measure the measure
 * @param param the cutoff (rank or recall fraction); 0 for measures without parameters
 * @param name the name trec_eval prints
 * @param values the parameter list of a measure named by its raw parameters ({@code utility}
 *     coefficients, {@code 11pt_avg} recall points, {@code ndcg} level/gain pairs flattened);
 *     empty otherwise
 */
public record Column(Measure measure, double param, String name, List<Double> values) {
    public Column {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
    }

    public Column(Measure measure, double param, String name) {
        this(measure, param, name, List.of());
    }

    /** The rank cutoff of a rank-cutoff measure. */
    public int cutoff() {
        return (int) Math.min(Integer.MAX_VALUE, (long) param);
    }
}
