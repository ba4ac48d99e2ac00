package dev.perfguard.core.rageval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate of a before/after comparison of retrieval runs ({@code rag-eval compare} without {@code --expect}), the same kind of rule as the Lighthouse gate's:
 * a measure whose mean dropped by more than {@code minEffect} is a regression when the paired randomization test
 * gives p below {@code alpha}, and inconclusive when it does not (a drop the queries cannot tell from noise).
 * Measures where a lower value is no worse retrieval ({@code rbp_resid}, {@code unj}: the judgments' coverage) are
 * left out.
 *
 * @param alpha two-sided significance level of the randomization test
 * @param minEffect smallest drop of a measure's mean that counts
 */
public record DropRule(double alpha, double minEffect) {
    /** What the rule found, each a sentence naming the measure; {@code regressedMeasures} names the regressions' measures. */
    public record Findings(List<String> regressions, List<String> inconclusive, List<String> regressedMeasures) {
        public Findings {
            regressions = List.copyOf(regressions);
            inconclusive = List.copyOf(inconclusive);
            regressedMeasures = List.copyOf(regressedMeasures);
        }
    }

    public Findings judge(List<MeasureComparison> cmp) {
        List<String> regressions = new ArrayList<>();
        List<String> inconclusive = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        for (MeasureComparison c : cmp) {
            if (c.measure().equals("rbp_resid") || c.measure().startsWith("unj")) {
                continue;
            }
            double drop = c.before() - c.after();
            if (!(drop > minEffect + 1e-12)) {
                continue;
            }
            String what = String.format(Locale.ROOT, "%s dropped by %s (%s → %s, %d queries), p(rand) %s", c.measure(),
                    CFormat.fixed(drop, 4, 0), CFormat.fixed(c.before(), 4, 0), CFormat.fixed(c.after(), 4, 0), c.queries(),
                    Double.isNaN(c.randomizationP()) ? "n/a" : CFormat.fixed(c.randomizationP(), 4, 0));
            if (c.randomizationP() < alpha) {
                regressions.add(what + " < " + describeAlpha());
                measures.add(c.measure());
            } else {
                inconclusive.add(what + ": beyond " + describeMinEffect() + " but not significant at " + describeAlpha());
            }
        }
        return new Findings(regressions, inconclusive, measures);
    }

    public String describe() {
        return "a mean that dropped by more than " + describeMinEffect() + " with p(rand) < " + describeAlpha() + " regressed";
    }

    private String describeAlpha() {
        return String.format(Locale.ROOT, "%s", alpha);
    }

    private String describeMinEffect() {
        return String.format(Locale.ROOT, "%s", minEffect);
    }
}
