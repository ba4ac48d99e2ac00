package dev.perfguard.core.rageval;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.PanelLink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the regressed measures of a before/after comparison into the incident domain's {@link Discrepancy}s: one per
 * measure, named {@code rag.<measure>{dataset=<dataset>}} with the dots of the measure's name as underscores
 * ({@code ndcg_cut.10} becomes {@code rag.ndcg_cut_10}), with the means before and after, the queries that got worse and
 * the randomization test's p-value as {@link Evidence.RagEvalChange}. The Lighthouse counterpart is
 * {@code core.lighthouse.LighthouseDiscrepancies}.
 */
public final class RagDiscrepancies {
    private RagDiscrepancies() {}

    /**
     * @param cmp the comparison, in its measure order
     * @param regressed the names of the measures that regressed (by an expectation or the drop rule)
     * @param panels the dashboard panels every discrepancy links to
     */
    public static List<Discrepancy> of(List<MeasureComparison> cmp, Collection<String> regressed, String dataset,
            List<PanelLink> panels, Instant detectedAt) {
        Set<String> wanted = new HashSet<>(regressed);
        List<Discrepancy> out = new ArrayList<>();
        for (MeasureComparison c : cmp) {
            if (!wanted.contains(c.measure())) {
                continue;
            }
            Optional<Double> p = Double.isNaN(c.randomizationP()) ? Optional.empty() : Optional.of(c.randomizationP());
            out.add(new Discrepancy(metricName(c.measure(), dataset),
                    new Evidence.RagEvalChange(dataset, c.before(), c.after(), c.failing(), p), panels, detectedAt));
        }
        return out;
    }

    /** {@code rag.<measure, dots as underscores>{dataset=<dataset>}}. */
    public static String metricName(String measure, String dataset) {
        return "rag." + measure.replace('.', '_') + "{dataset=" + dataset + "}";
    }
}
