package dev.perfguard.bench.lighthouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH micro-benchmark of reading one LHR, run by {@link LhrReadBench}: {@link #streaming} is perfguard's
 * {@link LhrReader}; {@link #tree} the reference, Jackson reading the whole report into a tree and picking
 * the same fields. The reports of {@link #dir} are read into memory first, so disk and page cache stay
 * out of it; each call reads the next report, round robin, and the score is reports per second (JMH's
 * throughput mode, one thread). JMH needs the class, its state fields and methods public.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LhrReading {
    static final List<String> AUDITS = List.of("first-contentful-paint", "largest-contentful-paint", "cumulative-layout-shift",
            "total-blocking-time", "speed-index", "interactive", "max-potential-fid");

    /** The folder of LHRs (searched as {@code lighthouse compare} searches it); the runner sets it. */
    @Param("../shared/fixtures/lighthouse/13.5.0")
    public String dir;

    private final LhrReader reader = new LhrReader();
    private final ObjectMapper mapper = new ObjectMapper();
    private String[] names;
    private byte[][] reports;
    private int next;

    @Setup
    public void load() throws IOException {
        List<Path> files = LhrReader.reportFiles(List.of(Path.of(dir)));
        names = new String[files.size()];
        reports = new byte[files.size()][];
        for (int i = 0; i < reports.length; i++) {
            names[i] = files.get(i).toString();
            reports[i] = Files.readAllBytes(files.get(i));
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == reports.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public LighthouseRun streaming() {
        int i = nextIndex();
        return reader.read(names[i], new ByteArrayInputStream(reports[i]));
    }

    @Benchmark
    public int tree() throws IOException {
        try (InputStream in = new ByteArrayInputStream(reports[nextIndex()])) {
            return fields(mapper.readTree(in));
        }
    }

    /** How many of the fields perfguard reads the tree has: the reference's equivalent of reading them. */
    static int fields(JsonNode n) {
        int c = 0;
        for (String id : AUDITS) {
            if (n.path("audits").path(id).path("numericValue").isNumber()) {
                c++;
            }
        }
        return c + (n.path("categories").path("performance").path("score").isNumber() ? 1 : 0);
    }
}
