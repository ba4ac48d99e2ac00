package dev.perfguard.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for the heap a benchmark keeps in use: before each iteration it resets the heap pools'
 * peaks, after it reports the sum of their peaks as {@value #LABEL} in MiB (an upper bound: the pools
 * peak at different moments), the largest over the measured iterations. JMH builds it by name in the
 * forked JVM, hence public with a public constructor.
 */
public final class PeakHeapProfiler implements InternalProfiler {
    /** The secondary result's label. */
    public static final String LABEL = "heap.peak";

    public PeakHeapProfiler() {}

    @Override
    public String getDescription() {
        return "peak heap in use during an iteration (sum of the heap pools' peaks, MiB)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return List.of(new ScalarResult(LABEL, peak / 1048576.0, "MiB", AggregationPolicy.MAX));
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
