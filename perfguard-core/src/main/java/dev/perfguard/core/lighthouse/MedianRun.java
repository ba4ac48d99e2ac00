package dev.perfguard.core.lighthouse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Picks the representative run of a group the way Lighthouse's own {@code computeMedianRun} does:
 * among runs with both FCP and TTI, the run closest to the median FCP and the median TTI by squared
 * distance in milliseconds, ties going to the lower TTI and then to the earlier run. With fewer than
 * three such runs the first one is taken. Medians of an even count average the two middle values.
 */
public final class MedianRun {
    private MedianRun() {}

    /** The index into {@code runs} of the representative run, if any run has both FCP and TTI. */
    public static Optional<Integer> pick(List<LighthouseRun> runs) {
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            LighthouseRun r = runs.get(i);
            if (r.usable() && r.value(LighthouseMetric.FIRST_CONTENTFUL_PAINT).isPresent()
                    && r.value(LighthouseMetric.INTERACTIVE).isPresent()) {
                valid.add(i);
            }
        }
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        if (valid.size() < 3) {
            return Optional.of(valid.getFirst());
        }
        double medianFcp = median(valid, runs, LighthouseMetric.FIRST_CONTENTFUL_PAINT);
        double medianTti = median(valid, runs, LighthouseMetric.INTERACTIVE);
        Comparator<Integer> order = Comparator.<Integer>comparingDouble(i -> {
                    double dFcp = medianFcp - get(runs, i, LighthouseMetric.FIRST_CONTENTFUL_PAINT);
                    double dTti = medianTti - get(runs, i, LighthouseMetric.INTERACTIVE);
                    return dFcp * dFcp + dTti * dTti;
                })
                .thenComparingDouble(i -> get(runs, i, LighthouseMetric.INTERACTIVE))
                .thenComparingInt(i -> i);
        return valid.stream().min(order);
    }

    private static double get(List<LighthouseRun> runs, int i, LighthouseMetric m) {
        OptionalDouble v = runs.get(i).value(m);
        return v.orElseThrow();
    }

    private static double median(List<Integer> valid, List<LighthouseRun> runs, LighthouseMetric m) {
        double[] v = valid.stream().mapToDouble(i -> get(runs, i, m)).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2.0;
    }
}
