package dev.perfguard.core.lighthouse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds synthetic runs for tests. */
final class Runs {
    private Runs() {}

    static LighthouseRun run(String name, String url, double benchmarkIndex, double score, double fcp, double lcp, double cls,
            double tbt, double si, double tti) {
        Map<LighthouseMetric, Double> v = new EnumMap<>(LighthouseMetric.class);
        v.put(LighthouseMetric.PERFORMANCE_SCORE, score);
        v.put(LighthouseMetric.FIRST_CONTENTFUL_PAINT, fcp);
        v.put(LighthouseMetric.LARGEST_CONTENTFUL_PAINT, lcp);
        v.put(LighthouseMetric.CUMULATIVE_LAYOUT_SHIFT, cls);
        v.put(LighthouseMetric.TOTAL_BLOCKING_TIME, tbt);
        v.put(LighthouseMetric.SPEED_INDEX, si);
        v.put(LighthouseMetric.INTERACTIVE, tti);
        return new LighthouseRun(name, url, "mobile", "", "13.5.0", benchmarkIndex, List.of(), v, Optional.empty());
    }

    /** A page around the given values, with small deterministic jitter per run index. */
    static List<LighthouseRun> page(String prefix, String url, int count, double benchmarkIndex, double scale, double cls) {
        ArrayList<LighthouseRun> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double j = 1 + 0.01 * ((i * 37) % 7 - 3);
            runs.add(run(prefix + "-" + (i + 1), url, benchmarkIndex * j, Math.max(0, Math.min(1, 0.95 / scale)),
                    800 * scale * j, 1200 * scale * j, cls, 100 * scale * j, 1000 * scale * j, 1300 * scale * j));
        }
        return runs;
    }
}
