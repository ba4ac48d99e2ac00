package dev.perfguard.bench.changepoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import dev.perfguard.core.Direction;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.changepoint.ChangePointTracker;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The change-point benchmark behind {@code scripts/bench-changepoints}: TCPD accuracy with the
 * TCPDBench rules, precision and recall on CI-like synthetic series, and timings and memory, each
 * next to a reference measured in the same run. Prints Markdown; {@code --write FILE} also puts it
 * in the "Change points" section of FILE. {@code --memory-only} runs just the million-point series
 * (the script runs it in a JVM with a small heap to show it fits).
 */
public final class ChangePointBench {
    private static final ChangePointDetector DETECTOR = ChangePointDetector.defaults();
    private static final String LEFT_OUT = "uk_coal_employ";

    private final StringBuilder md = new StringBuilder();

    private ChangePointBench() {}

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(System.getProperty("perfguard.fixtures", "../shared/fixtures"));
        Path write = null;
        boolean memoryOnly = false;
        int synthetic = 500;
        Path append = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fixtures" -> fixtures = Path.of(args[++i]);
                case "--write" -> write = Path.of(args[++i]);
                case "--memory-only" -> memoryOnly = true;
                case "--synthetic" -> synthetic = Integer.parseInt(args[++i]);
                case "--append" -> append = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --fixtures DIR, --write FILE, --synthetic N, --append FILE or --memory-only");
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ChangePointBench bench = new ChangePointBench();
        if (memoryOnly) {
            bench.memory();
            out.print(bench.md);
            return;
        }
        bench.machine();
        bench.tcpd(fixtures.resolve("changepoint/tcpd"));
        bench.synthetic(synthetic);
        bench.timings();
        bench.memory();
        if (append != null) {
            bench.md.append(Files.readString(append));
        }
        out.print(bench.md);
        if (write != null) {
            writeSection(write, bench.md.toString());
            out.println();
            out.println("(written to the \"Change points\" section of " + write + ")");
        }
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private void machine() throws IOException {
        String cpu = "unknown";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try (Stream<String> lines = Files.lines(info)) {
                cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse(cpu);
            }
        }
        line("## Change points");
        line("");
        line("Produced by `scripts/bench-changepoints` (class `dev.perfguard.bench.changepoint.ChangePointBench`).");
        String load = "unknown";
        Path loadavg = Path.of("/proc/loadavg");
        if (Files.isReadable(loadavg)) {
            load = Files.readString(loadavg).trim().split("\\s+")[0];
        }
        line("Machine: %d cores available to the JVM (nproc), CPU `%s`, Java %s, max heap %d MiB;"
                        + " 1-minute load average %s when the run started (the machine is shared, so timings vary).",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, load);
        line("Detector: `ChangePointDetector.defaults()` (fixed parameters, minimum effect 0).");
        line("");
    }

    // ---------------------------------------------------------------- TCPD

    private void tcpd(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode annotations = json.readTree(dir.resolve("annotations.json").toFile());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("annotations.json"))
                    .sorted().toList();
        }
        line("### TCPD (TCPDBench rules: F1 margin 5, cover; default parameters)");
        line("");
        line("| series | n | F1 | cover | zero F1 | zero cover | detected | time (ms) |");
        line("|---|---:|---:|---:|---:|---:|---|---:|");
        double f1 = 0;
        double cover = 0;
        double zf1 = 0;
        double zcover = 0;
        int counted = 0;
        for (Path file : files) {
            JsonNode root = json.readTree(file.toFile());
            String name = root.get("name").asText();
            JsonNode raw = root.get("series").get(0).get("raw");
            double[] x = new double[raw.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = raw.get(i).isNull() ? Double.NaN : raw.get(i).asDouble();
            }
            List<TreeSet<Integer>> annotators = new ArrayList<>();
            for (Map.Entry<String, JsonNode> annotator : annotations.get(name).properties()) {
                TreeSet<Integer> t = new TreeSet<>();
                annotator.getValue().forEach(v -> t.add(v.asInt()));
                annotators.add(t);
            }
            long start = System.nanoTime();
            double f;
            double c;
            TreeSet<Integer> detected;
            try {
                List<Integer> found = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0).stream().map(ChangePoint::index).toList();
                detected = TcpdScore.clean(found, x.length);
                f = TcpdScore.f1(annotators, detected);
                c = TcpdScore.cover(annotators, detected, x.length);
            } catch (RuntimeException e) { // TCPDBench: a method that fails on a series scores 0
                detected = new TreeSet<>();
                f = 0;
                c = 0;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            double zf = TcpdScore.f1(annotators, new TreeSet<>());
            double zc = TcpdScore.cover(annotators, new TreeSet<>(), x.length);
            boolean left = name.equals(LEFT_OUT);
            line("| %s%s | %d | %.3f | %.3f | %.3f | %.3f | %s | %.1f |", name, left ? " (left out of averages)" : "",
                    x.length, f, c, zf, zc, detected, ms);
            if (!left) {
                f1 += f;
                cover += c;
                zf1 += zf;
                zcover += zc;
                counted++;
            }
        }
        line("");
        line("Averages over the %d series (leaving out `%s`, as published), next to the published default rows:", counted, LEFT_OUT);
        line("");
        line("| method | F1 | cover | source |");
        line("|---|---:|---:|---|");
        line("| **perfguard** | **%.3f** | **%.3f** | this run, %d series |", f1 / counted, cover / counted, counted);
        line("| zero (no change points) | %.3f | %.3f | this run, %d series |", zf1 / counted, zcover / counted, counted);
        String[][] published = {
            {"binseg", "0.698", "0.672"}, {"pelt", "0.674", "0.652"}, {"bocpd", "0.662", "0.594"},
            {"amoc", "0.653", "0.668"}, {"zero", "0.645", "0.566"}, {"ecp (E-Divisive)", "0.560", "0.470"},
        };
        for (String[] row : published) {
            line("| %s | %s | %s | published, 32 series |", row[0], row[1], row[2]);
        }
        line("| Perfherder t-test | 0.668 | 0.585 | fixtures README, these series |");
        line("| Apache Otava | 0.566 | 0.446 | fixtures README, these series |");
        line("| MongoDB E-Divisive | ~0.59 | ~0.49 | fixtures README, these series |");
        line("");
        line("Targets: F1 >= 0.75 and cover >= 0.70. Reached: F1 %s, cover %s.",
                f1 / counted >= 0.75 ? "yes" : "no", cover / counted >= 0.70 ? "yes" : "no");
        line("");
    }

    // ---------------------------------------------------------------- synthetic

    private void synthetic(int perScenario) {
        line("### CI-like synthetic series (%d per scenario, seeded; match margin 5)", perScenario);
        line("");
        line("Lighthouse-like log-normal noise (CV 2-8 %%), 3 %% outliers at 1.5-3x, bimodal in a third of the series,");
        line("2 %% missing values, steps of 3-40 %% (log-uniform, up or down), reverted regressions, two-step series and");
        line("series with no change; 100-600 builds each.");
        line("");
        line("| scenario | series | true | detected | matched | precision | recall | series with an unmatched detection | detections > 20 from any true change |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        long tp = 0;
        long detections = 0;
        long truths = 0;
        double[] bucketEdges = {0.03, 0.05, 0.10, 0.20, 0.41};
        long[] bucketTrue = new long[4];
        long[] bucketFound = new long[4];
        for (SyntheticSeries.Scenario scenario : SyntheticSeries.Scenario.values()) {
            long sTp = 0;
            long sDet = 0;
            long sTrue = 0;
            int withFalse = 0;
            long phantom = 0;
            for (int i = 0; i < perScenario; i++) {
                SyntheticSeries.Case c = SyntheticSeries.generate(1_000_003L * i + scenario.ordinal(), scenario);
                List<Integer> found = DETECTOR.detect(c.values(), Direction.LOWER_IS_BETTER, 0).stream().map(ChangePoint::index).toList();
                boolean[] used = new boolean[found.size()];
                for (int k = 0; k < c.truth().size(); k++) {
                    int tau = c.truth().get(k);
                    int best = -1;
                    for (int j = 0; j < found.size(); j++) {
                        int d = Math.abs(found.get(j) - tau);
                        if (!used[j] && d <= TcpdScore.MARGIN && (best < 0 || d < Math.abs(found.get(best) - tau))) {
                            best = j;
                        }
                    }
                    double size = Math.abs(c.steps().get(k));
                    int bucket = 0;
                    while (bucket < 3 && size >= bucketEdges[bucket + 1]) {
                        bucket++;
                    }
                    bucketTrue[bucket]++;
                    if (best >= 0) {
                        used[best] = true;
                        sTp++;
                        bucketFound[bucket]++;
                    }
                }
                int unmatched = 0;
                for (boolean u : used) {
                    if (!u) {
                        unmatched++;
                    }
                }
                if (unmatched > 0) {
                    withFalse++;
                }
                for (int x : found) {
                    if (c.truth().stream().noneMatch(tau -> Math.abs(tau - x) <= 20)) {
                        phantom++;
                    }
                }
                sDet += found.size();
                sTrue += c.truth().size();
            }
            line("| %s | %d | %d | %d | %d | %s | %s | %d | %d |", scenario.name().toLowerCase(Locale.ROOT), perScenario, sTrue, sDet,
                    sTp, ratio(sTp, sDet), ratio(sTp, sTrue), withFalse, phantom);
            tp += sTp;
            detections += sDet;
            truths += sTrue;
        }
        line("| **all** | %d | %d | %d | %d | **%s** | **%s** | | |", perScenario * 4, truths, detections, tp,
                ratio(tp, detections), ratio(tp, truths));
        line("");
        line("Recall by size of the true change: ");
        line("");
        line("| step | true | found | recall |");
        line("|---|---:|---:|---:|");
        String[] names = {"3-5 %", "5-10 %", "10-20 %", "20-40 %"};
        for (int b = 0; b < 4; b++) {
            line("| %s | %d | %d | %s |", names[b], bucketTrue[b], bucketFound[b], ratio(bucketFound[b], bucketTrue[b]));
        }
        line("");
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", a / (double) b);
    }

    // ---------------------------------------------------------------- speed and memory

    /** A CI-like series of n points: log-normal noise, outliers, a step every n/4 points. */
    static double[] timingSeries(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double level = 1000 * (1 + 0.1 * ((4 * (long) i / n) % 2));
            double v = level * Math.exp(0.05 * gaussian(r));
            x[i] = r.nextDouble() < 0.03 ? v * 2 : v;
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private interface Body {
        Object run();
    }

    /** Median wall time in ms of {@code reps} runs after one warm-up run (as Trino's benchmarks do). */
    private static double time(Body body, int reps) {
        Object sink = body.run();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            sink = body.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        if (sink == null) {
            throw new IllegalStateException("benchmark body returned nothing");
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    private void timings() {
        line("### Speed (median of repeated runs after a warm-up, single thread)");
        line("");
        line("References measured in the same run: `Arrays.sort` of the same series (the O(n log n) floor every");
        line("rank method pays) and Pettitt's O(n^2) pairwise computation of the rank split statistic");
        line("(one split only, no test; skipped at a million points, where it would take about 20 minutes).");
        line("");
        line("| n | change points found | detector (ms) | sort (ms) | detector / sort | naive O(n^2) one split (ms) | naive / detector |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {1_000, 10_000, 1_000_000}) {
            double[] x = timingSeries(n, 17);
            int reps = n >= 1_000_000 ? 3 : (n >= 10_000 ? 21 : 51);
            int found = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0).size();
            double det = time(() -> DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0), reps);
            double sort = time(() -> {
                double[] c = x.clone();
                Arrays.sort(c);
                return c;
            }, reps);
            String naive = "skipped";
            String naiveRatio = "n/a";
            if (n <= 10_000) {
                double nv = time(() -> naiveOneSplit(x), n >= 10_000 ? 3 : 11);
                naive = String.format(Locale.ROOT, "%.1f", nv);
                naiveRatio = String.format(Locale.ROOT, "%.2fx", nv / det);
            }
            line("| %,d | %d | %.2f | %.2f | %.1f | %s | %s |", n, found, det, sort, det / sort, naive, naiveRatio);
        }
        line("");
        int n = 10_000;
        double[] x = timingSeries(n, 23);
        ChangePointTracker tracker = DETECTOR.tracker(Direction.LOWER_IS_BETTER, 0);
        for (int i = 0; i < n - 200; i++) {
            tracker.append(x[i]);
        }
        long t = System.nanoTime();
        for (int i = n - 200; i < n; i++) {
            tracker.append(x[i]);
        }
        double perAppend = (System.nanoTime() - t) / 1e6 / 200;
        double full = time(() -> DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0), 11);
        line("Incremental: appending one observation to this 10,000-point series (4 steps) takes %.3f ms on average"
                + " (last 200 appends), against %.2f ms for a full batch run: %.1fx less.", perAppend, full, full / perAppend);
        line("");
    }

    /**
     * Pettitt's (1979) statistic computed as he gives it: {@code U_t = U_{t-1} + Σ_j sgn(x_t - x_j)},
     * comparing every pair, O(n^2); returns the split with the largest standardised {@code |U_t|}.
     */
    static Object naiveOneSplit(double[] x) {
        int n = x.length;
        long u = 0;
        double best = -1;
        int arg = -1;
        for (int t = 0; t < n - 1; t++) {
            long v = 0;
            for (int j = 0; j < n; j++) {
                v += Double.compare(x[t], x[j]);
            }
            u += v;
            double z = Math.abs(u) / Math.sqrt((double) (t + 1) * (n - t - 1));
            if (z > best) {
                best = z;
                arg = t + 1;
            }
        }
        return arg;
    }

    private void memory() {
        int n = 1_000_000;
        double[] x = timingSeries(n, 29);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long t = System.nanoTime();
        int found = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0).size();
        double ms = (System.nanoTime() - t) / 1e6;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocBefore;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long input = 8L * n;
        line("### Memory at a million points (max heap of this JVM: %d MiB)", Runtime.getRuntime().maxMemory() >> 20);
        line("");
        line("| measure | MiB | ratio to the input array (%.1f MiB) |", input / 1048576.0);
        line("|---|---:|---:|");
        line("| allocated during `detect` (all, short-lived included) | %.1f | %.1f |", allocated / 1048576.0, allocated / (double) input);
        line("| peak heap in use (sum of pool peaks, an upper bound) | %.1f | %.1f |", peak / 1048576.0, peak / (double) input);
        line("| heap in use before (input and JVM) | %.1f | %.1f |", before / 1048576.0, before / (double) input);
        line("");
        line("Found %d change points in %.0f ms (one cold run).", found, ms);
        line("");
    }

    // ---------------------------------------------------------------- docs/benchmarks.md

    /** Replaces (or appends) the "## Change points" section of {@code file}, leaving other sections alone. */
    static void writeSection(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean inSection = false;
        boolean written = false;
        for (String l : lines) {
            if (l.startsWith("## ")) {
                if (l.trim().equals("## Change points")) {
                    inSection = true;
                    out.append(section);
                    written = true;
                    continue;
                }
                inSection = false;
            }
            if (!inSection) {
                out.append(l).append('\n');
            }
        }
        String result = out.toString().replaceAll("\n+$", "\n");
        if (!written) {
            result = result + "\n" + section;
        }
        Files.writeString(file, result.replaceAll("\n{3,}", "\n\n"));
    }
}
