package dev.perfguard.bench.changepoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.ThreadMXBean;
import dev.perfguard.bench.jmh.Jmh;
import dev.perfguard.core.Direction;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The change-point benchmark behind {@code scripts/bench-changepoints}: TCPD accuracy with the
 * TCPDBench rules, precision and recall on CI-like synthetic series, and timings and memory, each
 * next to a reference measured in the same run. Prints Markdown; {@code --write FILE} also puts it
 * in the "Change points" section of FILE. {@code --memory-only} runs just the million-point series
 * (the script runs it in a JVM with a small heap to show it fits).
 *
 * <p>The timings are JMH micro-benchmarks, run from here in forked JVMs ({@link ChangePointSpeed},
 * {@link TrackerAppend}: their comments give the settings and why). The rest is plain code, since it
 * counts rather than times: the TCPD scores (each series' time there is one cold run, for orientation),
 * the synthetic precision and recall, and the memory of one million-point run (allocated bytes of this
 * thread, heap pool peaks).
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

    private void timings() {
        String speed = Pattern.quote(ChangePointSpeed.class.getName());
        String tracker = Pattern.quote(TrackerAppend.class.getName());
        List<Jmh.Score> scores = new ArrayList<>();
        // 1,000 and 10,000 points, and the tracker: the settings of the benchmark classes' annotations
        scores.addAll(Jmh.run(new OptionsBuilder().include(speed + "\\.(detector|sort|naive)$")
                .param("n", "1000", "10000").build()));
        // a million points: fewer, longer iterations, and no naive reference (about 20 minutes a call)
        scores.addAll(Jmh.run(new OptionsBuilder().include(speed + "\\.(detector|sort)$").param("n", "1000000")
                .warmupIterations(4).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2)).build()));
        scores.addAll(Jmh.run(new OptionsBuilder().include(tracker + "\\.(append|batch)$").build()));

        line("### Speed (JMH: mean time per call, single thread, one fork)");
        line("");
        line("References measured in the same run: `Arrays.sort` of the same series (the O(n log n) floor every");
        line("rank method pays) and Pettitt's O(n^2) pairwise computation of the rank split statistic");
        line("(one split only, no test; skipped at a million points, where it would take about 20 minutes).");
        line("JMH settings (`ChangePointSpeed`, `TrackerAppend`): 5 warm-up and 5 measured iterations of 1 s; at a");
        line("million points 4 and 5 of 2 s. ± is the half-width of JMH's 99.9 %% confidence interval.");
        line("");
        line("| n | change points found | detector (ms) | sort (ms) | detector / sort | naive O(n^2) one split (ms) | naive / detector |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {1_000, 10_000, 1_000_000}) {
            Map<String, String> at = Map.of("n", Integer.toString(n));
            int found = ChangePointSpeed.DETECTOR.detect(TimingSeries.of(n, 17), Direction.LOWER_IS_BETTER, 0).size();
            Jmh.Score det = Jmh.find(scores, "detector", at);
            Jmh.Score sort = Jmh.find(scores, "sort", at);
            String naive = "skipped";
            String naiveRatio = "n/a";
            if (n <= 10_000) {
                Jmh.Score nv = Jmh.find(scores, "naive", at);
                naive = nv.withError(1);
                naiveRatio = String.format(Locale.ROOT, "%.2fx", nv.score() / det.score());
            }
            line("| %,d | %d | %s | %s | %.1f | %s | %s |", n, found, det.withError(2), sort.withError(2),
                    det.score() / sort.score(), naive, naiveRatio);
        }
        line("");
        Jmh.Score append = Jmh.find(scores, "append", Map.of());
        Jmh.Score batch = Jmh.find(scores, "batch", Map.of());
        line("Incremental: appending one observation to this 10,000-point series (4 steps) takes %s ms on average"
                        + " (the last %d appends, in single shots of %d), against %s ms for a full batch run: %.1fx less.",
                append.withError(3), TrackerAppend.SHOTS * TrackerAppend.PER_SHOT, TrackerAppend.PER_SHOT, batch.withError(2),
                batch.score() / append.score());
        line("");
    }

    private void memory() {
        int n = 1_000_000;
        double[] x = TimingSeries.of(n, 29);
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
