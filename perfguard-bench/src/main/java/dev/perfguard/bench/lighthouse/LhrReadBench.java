package dev.perfguard.bench.lighthouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: LHR reports read per second by perfguard's streaming reader, against a reference
 * measured in the same run — Jackson reading each whole report into a tree and picking the same
 * fields. Run by {@code scripts/bench-lighthouse}; not part of the CLI.
 *
 * <p>Arguments: a folder of LHRs, seconds per measurement.
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
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<Path> files = LhrReader.reportFiles(List.of(dir));
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        LhrReader reader = new LhrReader();
        ObjectMapper mapper = new ObjectMapper();

        Task streaming = f -> {
            LighthouseRun r = reader.read(f);
            return r.values().size();
        };
        Task tree = f -> {
            try (InputStream in = Files.newInputStream(f)) {
                JsonNode n = mapper.readTree(in);
                int c = 0;
                for (String id : List.of("first-contentful-paint", "largest-contentful-paint", "cumulative-layout-shift",
                        "total-blocking-time", "speed-index", "interactive", "max-potential-fid")) {
                    if (n.path("audits").path(id).path("numericValue").isNumber()) {
                        c++;
                    }
                }
                return c + (n.path("categories").path("performance").path("score").isNumber() ? 1 : 0);
            }
        };
        measure(files, tree, 1.0); // warm-up both
        measure(files, streaming, 1.0);
        resetPeaks();
        double treeRate = measure(files, tree, seconds);
        long treePeak = heapPeak();
        System.gc();
        resetPeaks();
        double streamRate = measure(files, streaming, seconds);
        long streamPeak = heapPeak();
        System.out.printf(Locale.ROOT, "files: %d LHRs, %.1f MiB in all (%.0f KiB each on average)%n",
                files.size(), bytes / 1048576.0, bytes / 1024.0 / files.size());
        System.out.printf(Locale.ROOT, "processors visible to the JVM: %d, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "reference  Jackson tree (whole report):  %8.1f reports/s  peak heap %6.1f MiB%n", treeRate, treePeak / 1048576.0);
        System.out.printf(Locale.ROOT, "perfguard  streaming LhrReader:          %8.1f reports/s  peak heap %6.1f MiB%n", streamRate, streamPeak / 1048576.0);
        System.out.printf(Locale.ROOT, "ratio      streaming / tree:             %8.2fx%n", streamRate / treeRate);
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

    @FunctionalInterface
    interface Task {
        int run(Path f) throws Exception;
    }

    private static double measure(List<Path> files, Task task, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        int sink = 0;
        while (System.nanoTime() < end) {
            for (Path f : files) {
                sink += task.run(f);
                n++;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (sink == 42) {
            System.out.print("");
        }
        return n / elapsed;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
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
