package dev.perfguard.bench.lighthouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.bench.jmh.Jmh;
import dev.perfguard.bench.jmh.PeakHeapProfiler;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Benchmark: LHR reports read per second by perfguard's streaming reader, against a reference
 * measured in the same run — Jackson reading each whole report into a tree and picking the same
 * fields ({@link LhrReading}, on JMH). Run by {@code scripts/bench-lighthouse}, which pins the JVM to
 * one core ({@code taskset -c 0 java -XX:ActiveProcessorCount=1 -Xmx256m}); JMH's forked JVMs inherit
 * those options and the CPU affinity.
 *
 * <p>JMH settings: one fork per reader, one thread, 5 warm-up iterations of 1 s, then one measured
 * iteration of 1 s per second asked for (default 5): about 11 s a reader. On one core the JIT compiles
 * on the core it measures, and the streaming reader was still speeding up in its third second
 * (measured: 956, 1573, 2899, then 3314 reports/s), hence five; more measured seconds only narrow JMH's
 * error (99.9 % confidence), which stays within a few per cent on a quiet machine. Profilers: JMH's
 * {@code gc} (bytes allocated per report) and {@link PeakHeapProfiler} (peak heap in use during an
 * iteration).
 *
 * <p>Arguments: a folder of LHRs and the measured seconds; or {@code --make-big FROM TO MIB} (a copy of
 * an LHR with a MIB-MiB screenshot) and {@code --one FILE streaming|tree} (one report read with the
 * JVM's heap, plain code: the script gives it a 32 MiB heap), which say whether a reader fits, not how
 * fast it is.
 */
public final class LhrReadBench {
    private LhrReadBench() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--make-big")) {
            makeBig(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        if (args[0].equals("--one")) {
            readOnce(Path.of(args[1]), args[2]);
            return;
        }
        Path dir = Path.of(args[0]);
        int seconds = args.length > 1 ? Math.max(1, (int) Math.round(Double.parseDouble(args[1]))) : 5;
        List<Path> files = LhrReader.reportFiles(List.of(dir));
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        Options options = new OptionsBuilder()
                .include(Pattern.quote(LhrReading.class.getName()) + "\\.(streaming|tree)$")
                .param("dir", dir.toAbsolutePath().toString())
                .forks(1)
                .threads(1)
                .warmupIterations(5)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(seconds)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .addProfiler(PeakHeapProfiler.class)
                .build();
        List<Jmh.Score> scores = Jmh.run(options);
        Jmh.Score tree = Jmh.find(scores, "tree", Map.of());
        Jmh.Score streaming = Jmh.find(scores, "streaming", Map.of());
        System.out.printf(Locale.ROOT, "files: %d LHRs, %.1f MiB in all (%.0f KiB each on average), held in memory%n",
                files.size(), bytes / 1048576.0, bytes / 1024.0 / files.size());
        System.out.printf(Locale.ROOT, "processors visible to the JVM: %d, max heap %d MiB (JMH's forks inherit both)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "JMH: 1 fork, 1 thread, 5 x 1 s warm-up, %d x 1 s measured; ± is the 99.9 %% confidence half-width%n",
                seconds);
        System.out.println(row("reference  Jackson tree (whole report):", tree));
        System.out.println(row("perfguard  streaming LhrReader:         ", streaming));
        System.out.printf(Locale.ROOT, "ratio      streaming / tree:             %8.2fx%n", streaming.score() / tree.score());
    }

    private static String row(String label, Jmh.Score s) {
        return String.format(Locale.ROOT, "%s %18s reports/s  peak heap %6.1f MiB  allocated %,7.0f KiB per report",
                label, s.withError(1), s.secondary(PeakHeapProfiler.LABEL), s.secondary("gc.alloc.rate.norm") / 1024);
    }

    /** Writes a copy of {@code from} whose full-page screenshot is {@code mib} MiB of base64. */
    private static void makeBig(Path from, Path to, int mib) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        var root = (ObjectNode) mapper.readTree(from.toFile());
        StringBuilder data = new StringBuilder("data:image/webp;base64,");
        data.append("QUJD".repeat((mib << 20) / 4));
        var shot = root.putObject("fullPageScreenshot").putObject("screenshot");
        shot.put("data", data.toString());
        shot.put("width", 412);
        shot.put("height", 9000);
        mapper.writeValue(to.toFile(), root);
    }

    /** Reads one report with the named reader and prints the heap it needed; an OutOfMemoryError is reported. */
    private static void readOnce(Path file, String which) throws Exception {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        try {
            int n;
            if (which.equals("streaming")) {
                n = new LhrReader().read(file).values().size();
            } else {
                n = new ObjectMapper().readTree(file.toFile()).path("audits").size();
            }
            System.out.printf(Locale.ROOT, "%-9s read %s (%d MiB) with -Xmx%dm: ok (%d values), peak heap %.1f MiB%n",
                    which, file.getFileName(), Files.size(file) >> 20, max, n, heapPeak() / 1048576.0);
        } catch (OutOfMemoryError e) {
            System.out.printf(Locale.ROOT, "%-9s read %s (%d MiB) with -Xmx%dm: OutOfMemoryError%n",
                    which, file.getFileName(), Files.size(file) >> 20, max);
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
