package dev.perfguard.runbook.builds;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.UrlNormalizer;
import dev.perfguard.core.stats.Descriptive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Looks at the stored history of the checked build's branch, metric by metric, for a change of
 * level that is still in force: a regression that began at an earlier build is reported with the
 * first bad build and the commit range, even when the newest build alone looks like its
 * neighbours. Each build contributes the median of its usable runs per (URL, form factor) group.
 */
final class BuildHistory {
    /** Builds of history examined at most. */
    static final int MAX_BUILDS = 500;
    /** Fewer builds than this are too short a history to judge. */
    static final int MIN_BUILDS = 10;

    private final BuildStore builds;
    private final ChangePointDetector detector;
    private final UrlNormalizer urls;
    private final double minEffect;

    BuildHistory(BuildStore builds, ChangePointDetector detector, UrlNormalizer urls, double minEffect) {
        this.builds = builds;
        this.detector = detector;
        this.urls = urls;
        this.minEffect = minEffect;
    }

    private record Key(String url, String formFactor) {}

    /** The change point still in force per group and metric, newest history last; empty when the history is short. */
    List<HistoryFinding> ongoing(Build current) {
        return series(current, s -> true).stream().flatMap(h -> h.finding().stream()).toList();
    }

    /**
     * Each metric of each group of {@code current} over its branch's stored builds up to it, with the change points
     * found; only those {@code wanted} accepts are examined. A history shorter than {@link #MIN_BUILDS} is given
     * without change points: too short to judge.
     */
    List<MetricHistory> series(Build current, Predicate<Selector> wanted) {
        List<Build> history = builds.history(current.branch(), current, MAX_BUILDS);
        List<Map<Key, List<LighthouseRun>>> perBuild = new ArrayList<>();
        Set<Key> keys = new LinkedHashSet<>();
        Map<Key, String> displayUrl = new LinkedHashMap<>();
        Map<String, List<LighthouseRun>> stored = builds.runsOf(history.stream().map(Build::id).toList());
        for (Build b : history) {
            Map<Key, List<LighthouseRun>> groups = new LinkedHashMap<>();
            for (LighthouseRun r : stored.get(b.id())) {
                if (r.usable()) {
                    Key k = new Key(urls.normalize(r.url()), r.formFactor());
                    groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                    displayUrl.put(k, r.url());
                }
            }
            perBuild.add(groups);
            if (b.id().equals(current.id())) {
                keys.addAll(groups.keySet());
            }
        }
        List<MetricHistory> out = new ArrayList<>();
        for (Key k : keys) {
            for (LighthouseMetric m : LighthouseMetric.values()) {
                if (!wanted.test(new Selector(k.url(), k.formFactor(), m))) {
                    continue;
                }
                double[] series = new double[history.size()];
                for (int i = 0; i < history.size(); i++) {
                    List<LighthouseRun> runs = perBuild.get(i).getOrDefault(k, List.of());
                    double[] v = runs.stream().map(r -> r.value(m)).filter(OptionalDouble::isPresent)
                            .mapToDouble(OptionalDouble::getAsDouble).toArray();
                    series[i] = v.length == 0 ? Double.NaN : Descriptive.median(v);
                }
                List<ChangePoint> cps = history.size() < MIN_BUILDS ? List.of() : detector.detect(series, m.direction(), minEffect);
                Optional<HistoryFinding> finding = Optional.empty();
                if (!cps.isEmpty()) {
                    ChangePoint last = cps.getLast();
                    Build bad = history.get(last.index());
                    Build good = history.get(previousPresent(series, last.index()));
                    finding = Optional.of(new HistoryFinding(displayUrl.get(k), k.formFactor(), m, bad.id(), good.id(), bad.commit(),
                            good.commit(), history.size() - 1 - last.index(), last));
                }
                out.add(new MetricHistory(displayUrl.get(k), k.formFactor(), m, history, series, cps, finding));
            }
        }
        return out;
    }

    /** Which series to examine: the URL as normalized, the form factor and the metric. */
    record Selector(String normalizedUrl, String formFactor, LighthouseMetric metric) {}

    private static int previousPresent(double[] series, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (!Double.isNaN(series[i])) {
                return i;
            }
        }
        return Math.max(0, index - 1);
    }
}
