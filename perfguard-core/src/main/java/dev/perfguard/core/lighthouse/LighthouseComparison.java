package dev.perfguard.core.lighthouse;

import dev.perfguard.core.stats.Descriptive;
import dev.perfguard.core.stats.MannWhitney;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a baseline set of Lighthouse runs with a current set, group by group and metric by
 * metric.
 *
 * <p>The rules, in order, for each metric of a paired group:
 *
 * <ol>
 *   <li>The current median breaks the budget and no baseline run broke it: {@code regression} when
 *       the exact one-sided rank test gives p below {@code budgetAlpha} (0.10 by default), else
 *       {@code inconclusive}. The budget is an absolute promise and the broken median is a fact;
 *       the test only keeps a baseline sample that missed one mode of a bimodal metric (CLS that
 *       is 0 in some runs and 0.18 in others) from passing for a clean one. With five runs a side
 *       a break seen in three current runs and no baseline run gives p = 21/252 ≈ 0.083.
 *   <li>The median moved the bad way by more than {@code max(tolerance × |baseline median|,
 *       minDelta)}: with fewer than {@code minRuns} usable runs on a side, {@code inconclusive};
 *       when the exact one-sided Mann–Whitney p-value is not below {@code alpha}, {@code
 *       inconclusive}; when the current machine was measurably slower and the worsening ratio is
 *       within the slowdown ratio (plus tolerance) for a CPU-bound metric, {@code inconclusive};
 *       otherwise {@code regression}.
 *   <li>The median moved the good way beyond the same threshold, significantly: {@code improvement}.
 *   <li>Otherwise {@code pass} — noting a budget the baseline already broke.
 * </ol>
 */
public final class LighthouseComparison {
    private final ComparisonPolicy policy;

    public LighthouseComparison(ComparisonPolicy policy) {
        this.policy = policy;
    }

    private record Key(String url, String formFactor) {}

    private record Group(String url, String formFactor, List<LighthouseRun> runs) {}

    public ComparisonReport compare(List<LighthouseRun> baseline, List<LighthouseRun> current) {
        List<LighthouseRun> failed = new ArrayList<>();
        baseline.stream().filter(r -> !r.usable()).forEach(failed::add);
        current.stream().filter(r -> !r.usable()).forEach(failed::add);
        Map<Key, Group> base = group(baseline);
        Map<Key, Group> cur = group(current);
        List<String> notes = new ArrayList<>();
        List<GroupResult> results = new ArrayList<>();

        Set<String> formFactors = new LinkedHashSet<>();
        cur.keySet().forEach(k -> formFactors.add(k.formFactor()));
        base.keySet().forEach(k -> formFactors.add(k.formFactor()));
        for (String ff : formFactors) {
            List<Group> b = base.values().stream().filter(g -> g.formFactor().equals(ff)).toList();
            List<Group> c = cur.values().stream().filter(g -> g.formFactor().equals(ff)).toList();
            if (b.size() == 1 && c.size() == 1) {
                Group bg = b.getFirst();
                Group cg = c.getFirst();
                boolean same = policy.urls().normalize(bg.url()).equals(policy.urls().normalize(cg.url()));
                String pairing = same
                        ? "paired by normalized URL"
                        : "paired by form factor alone: each side has one URL (" + bg.url() + " → " + cg.url() + ")";
                results.add(compareGroup(bg, cg, pairing));
                continue;
            }
            Map<String, Group> bByUrl = new LinkedHashMap<>();
            for (Group g : b) {
                bByUrl.merge(policy.urls().normalize(g.url()), g, this::merge);
            }
            Map<String, Group> cByUrl = new LinkedHashMap<>();
            for (Group g : c) {
                cByUrl.merge(policy.urls().normalize(g.url()), g, this::merge);
            }
            for (var e : cByUrl.entrySet()) {
                Group bg = bByUrl.get(e.getKey());
                if (bg == null) {
                    results.add(unpaired(e.getValue(), "no baseline runs for this URL and form factor"));
                } else {
                    results.add(compareGroup(bg, e.getValue(), "paired by normalized URL " + e.getKey()));
                }
            }
            for (var e : bByUrl.entrySet()) {
                if (!cByUrl.containsKey(e.getKey())) {
                    notes.add("baseline group " + e.getValue().url() + " (" + ff + ") has no current runs");
                }
            }
        }
        if (!failed.isEmpty()) {
            notes.add(failed.size() + " run(s) failed in Lighthouse and were left out of the statistics");
        }
        versionNote(baseline, current).ifPresent(notes::add);
        ComparisonVerdict verdict;
        if (results.stream().anyMatch(g -> g.worst() == Status.REGRESSION)) {
            verdict = ComparisonVerdict.REGRESSION;
        } else if (results.isEmpty() || results.stream().anyMatch(g -> g.worst() == Status.INCONCLUSIVE)) {
            verdict = ComparisonVerdict.INCONCLUSIVE;
        } else {
            verdict = ComparisonVerdict.PASS;
        }
        return new ComparisonReport(verdict, results, failed, notes);
    }

    private Group merge(Group a, Group b) {
        List<LighthouseRun> runs = new ArrayList<>(a.runs());
        runs.addAll(b.runs());
        return new Group(a.url(), a.formFactor(), runs);
    }

    private static Map<Key, Group> group(List<LighthouseRun> runs) {
        Map<Key, List<LighthouseRun>> m = new LinkedHashMap<>();
        for (LighthouseRun r : runs) {
            m.computeIfAbsent(new Key(r.url(), r.formFactor()), k -> new ArrayList<>()).add(r);
        }
        Map<Key, Group> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new Group(k.url(), k.formFactor(), v)));
        return out;
    }

    /**
     * A note when the two sides ran different Lighthouse major versions: a major version may change how a
     * metric or the score is computed, so part of a difference may be Lighthouse's own.
     */
    static Optional<String> versionNote(List<LighthouseRun> baseline, List<LighthouseRun> current) {
        Set<String> before = versions(baseline);
        Set<String> after = versions(current);
        Set<String> majorsBefore = majors(before);
        Set<String> majorsAfter = majors(after);
        if (majorsBefore.isEmpty() || majorsAfter.isEmpty() || majorsBefore.equals(majorsAfter)) {
            return Optional.empty();
        }
        return Optional.of("Lighthouse versions differ: baseline " + String.join(", ", before) + ", current "
                + String.join(", ", after) + " (major " + String.join("/", majorsBefore) + " vs " + String.join("/", majorsAfter)
                + "); a major version can change how metrics and the score are computed, so part of a difference may be"
                + " Lighthouse's own");
    }

    private static Set<String> versions(List<LighthouseRun> runs) {
        Set<String> v = new TreeSet<>();
        runs.stream().map(LighthouseRun::lighthouseVersion).filter(s -> !s.isBlank()).forEach(v::add);
        return v;
    }

    private static Set<String> majors(Set<String> versions) {
        Set<String> m = new TreeSet<>();
        versions.forEach(v -> m.add(v.strip().split("\\.", 2)[0]));
        return m;
    }

    private GroupResult unpaired(Group g, String note) {
        List<LighthouseRun> usable = g.runs().stream().filter(LighthouseRun::usable).toList();
        return new GroupResult(g.url(), "", g.formFactor(), "unpaired", 0, usable.size(),
                MedianRun.pick(usable).map(i -> usable.get(i).source()), Optional.empty(), Optional.empty(),
                List.of(), List.of(note));
    }

    private GroupResult compareGroup(Group bg, Group cg, String pairing) {
        List<LighthouseRun> b = bg.runs().stream().filter(LighthouseRun::usable).toList();
        List<LighthouseRun> c = cg.runs().stream().filter(LighthouseRun::usable).toList();
        List<String> notes = new ArrayList<>();
        int bFailed = bg.runs().size() - b.size();
        int cFailed = cg.runs().size() - c.size();
        if (bFailed + cFailed > 0) {
            notes.add("left out failed runs: " + bFailed + " baseline, " + cFailed + " current");
        }
        Optional<Integer> rep = MedianRun.pick(c);
        Optional<Integer> baseRep = MedianRun.pick(b);
        Optional<MachineSpeed> speed = machineSpeed(b, c);
        speed.filter(MachineSpeed::differs).ifPresent(s -> notes.add(String.format(Locale.ROOT,
                "machines differ: median benchmarkIndex %.0f (baseline) vs %.0f (current), current %s by ×%.2f (p=%.3f)",
                s.baselineIndex(), s.currentIndex(), s.slowdown() > 1 ? "slower" : "faster",
                s.slowdown() > 1 ? s.slowdown() : 1 / s.slowdown(), s.pValue())));
        long warned = c.stream().filter(r -> !r.warnings().isEmpty()).count();
        if (warned > 0) {
            notes.add(warned + " of " + c.size() + " current runs carry Lighthouse run warnings");
        }
        List<MetricResult> metrics = new ArrayList<>();
        for (LighthouseMetric m : LighthouseMetric.values()) {
            metricResult(m, b, c, rep.map(c::get), speed).ifPresent(metrics::add);
        }
        return new GroupResult(cg.url(), bg.url(), cg.formFactor(), pairing, b.size(), c.size(),
                rep.map(i -> c.get(i).source()), baseRep.map(i -> b.get(i).source()), speed, metrics, notes);
    }

    private Optional<MachineSpeed> machineSpeed(List<LighthouseRun> b, List<LighthouseRun> c) {
        double[] bi = b.stream().mapToDouble(LighthouseRun::benchmarkIndex).filter(v -> Double.isFinite(v) && v > 0).toArray();
        double[] ci = c.stream().mapToDouble(LighthouseRun::benchmarkIndex).filter(v -> Double.isFinite(v) && v > 0).toArray();
        if (bi.length == 0 || ci.length == 0) {
            return Optional.empty();
        }
        double bm = Descriptive.median(bi);
        double cm = Descriptive.median(ci);
        double slowdown = bm / cm;
        double p = Math.min(1.0, 2 * Math.min(MannWhitney.pGreater(bi, ci), MannWhitney.pLess(bi, ci)));
        boolean beyond = Math.abs(Math.log(slowdown)) > Math.log1p(policy.machineSpeedTolerance());
        boolean differs = beyond && p < policy.alpha() && bi.length >= policy.minRuns() && ci.length >= policy.minRuns();
        return Optional.of(new MachineSpeed(bm, cm, slowdown, p, differs));
    }

    private Optional<MetricResult> metricResult(LighthouseMetric m, List<LighthouseRun> b, List<LighthouseRun> c,
            Optional<LighthouseRun> rep, Optional<MachineSpeed> speed) {
        double[] bv = values(b, m);
        double[] cv = values(c, m);
        if (bv.length == 0 && cv.length == 0) {
            return Optional.empty();
        }
        MetricPolicy p = policy.policy(m);
        double repValue = rep.flatMap(r -> {
            OptionalDouble v = r.value(m);
            return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.empty();
        }).orElse(Double.NaN);
        if (bv.length == 0 || cv.length == 0) {
            return Optional.of(new MetricResult(m, bv.length, cv.length,
                    bv.length == 0 ? Double.NaN : Descriptive.median(bv), cv.length == 0 ? Double.NaN : Descriptive.median(cv),
                    repValue, Double.NaN, Double.NaN, Double.NaN, p.budget(), false, Status.INCONCLUSIVE,
                    "no usable values on the " + (bv.length == 0 ? "baseline" : "current") + " side"));
        }
        double bm = Descriptive.median(bv);
        double cm = Descriptive.median(cv);
        double delta = cm - bm;
        double rel = bm != 0 ? delta / Math.abs(bm) : Double.NaN;
        int sign = m.direction().worseSign();
        double worse = delta * sign;
        double threshold = Math.max(p.tolerance() * Math.abs(bm), p.minDelta());
        double pWorse = sign > 0 ? MannWhitney.pGreater(bv, cv) : MannWhitney.pLess(bv, cv);
        double pBetter = sign > 0 ? MannWhitney.pLess(bv, cv) : MannWhitney.pGreater(bv, cv);
        boolean budgetBroken = p.breaksBudget(cm);
        long baseBreaking = Arrays.stream(bv).filter(p::breaksBudget).count();
        String change = describeChange(m, bm, cm, rel);
        int minRuns = policy.minRuns();

        Status status;
        String reason;
        double pReported = pWorse;
        if (budgetBroken && baseBreaking == 0) {
            boolean credible = pWorse < policy.budgetAlpha() - 1e-12;
            status = credible ? Status.REGRESSION : Status.INCONCLUSIVE;
            reason = String.format(Locale.ROOT, "median %s breaks the budget %s; no baseline run did (%s, p=%s%s)",
                    fmt(m, cm), fmt(m, p.budget().getAsDouble()), change, fmtP(pWorse),
                    credible ? "" : String.format(Locale.ROOT, " — too few runs to tell it from noise at %.2f", policy.budgetAlpha()));
        } else if (worse > threshold) {
            if (bv.length < minRuns || cv.length < minRuns) {
                status = Status.INCONCLUSIVE;
                reason = change + String.format(Locale.ROOT, " beyond tolerance, but %d baseline and %d current runs are fewer than %d a side",
                        bv.length, cv.length, minRuns);
            } else if (pWorse >= policy.alpha()) {
                status = Status.INCONCLUSIVE;
                reason = change + " beyond tolerance, but not significant given the run spread (p=" + fmtP(pWorse) + ")";
            } else if (m.cpuBound() && speed.isPresent() && speed.get().currentSlower()
                    && worseningRatio(m, bm, cm) <= speed.get().slowdown() * (1 + p.tolerance())) {
                status = Status.INCONCLUSIVE;
                reason = change + String.format(Locale.ROOT,
                        " (p=%s), but the current machine was ×%.2f slower, which explains it", fmtP(pWorse), speed.get().slowdown());
            } else {
                status = Status.REGRESSION;
                reason = change + String.format(Locale.ROOT, " beyond tolerance %s (p=%s)", fmtThreshold(m, p, threshold), fmtP(pWorse));
            }
        } else if (-worse > threshold && pBetter < policy.alpha() && bv.length >= minRuns && cv.length >= minRuns) {
            status = Status.IMPROVEMENT;
            pReported = pBetter;
            reason = change + " (p=" + fmtP(pBetter) + ")";
        } else {
            status = Status.PASS;
            reason = "within tolerance " + fmtThreshold(m, p, threshold) + " (" + change + ")";
        }
        if (budgetBroken && baseBreaking > 0) {
            reason += String.format(Locale.ROOT, "; over budget %s, as %d of %d baseline runs were",
                    fmt(m, p.budget().getAsDouble()), baseBreaking, bv.length);
        }
        return Optional.of(new MetricResult(m, bv.length, cv.length, bm, cm, repValue, delta, rel, pReported,
                p.budget(), budgetBroken, status, reason));
    }

    private static double worseningRatio(LighthouseMetric m, double bm, double cm) {
        if (m.direction().worseSign() > 0) {
            return bm > 0 ? cm / bm : Double.POSITIVE_INFINITY;
        }
        return cm > 0 ? bm / cm : Double.POSITIVE_INFINITY;
    }

    private static double[] values(List<LighthouseRun> runs, LighthouseMetric m) {
        return runs.stream().map(r -> r.value(m)).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).toArray();
    }

    private static String describeChange(LighthouseMetric m, double bm, double cm, double rel) {
        String verb = cm == bm ? "unchanged at " + fmt(m, cm) : fmt(m, bm) + " → " + fmt(m, cm);
        if (cm == bm || Double.isNaN(rel)) {
            return verb;
        }
        return verb + String.format(Locale.ROOT, " (%+.1f%%)", rel * 100);
    }

    private static String fmtThreshold(LighthouseMetric m, MetricPolicy p, double threshold) {
        return String.format(Locale.ROOT, "±%s", fmt(m, threshold));
    }

    static String fmt(LighthouseMetric m, double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return switch (m) {
            case PERFORMANCE_SCORE -> String.format(Locale.ROOT, "%.2f", v);
            case CUMULATIVE_LAYOUT_SHIFT -> String.format(Locale.ROOT, "%.3f", v);
            default -> String.format(Locale.ROOT, "%.0f ms", v);
        };
    }

    private static String fmtP(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }
}
