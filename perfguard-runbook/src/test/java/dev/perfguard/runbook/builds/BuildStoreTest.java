package dev.perfguard.runbook.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BuildStoreTest {
    @TempDir Path tmp;

    static StoredRun run(int i, double lcp) {
        Map<LighthouseMetric, Double> v = new EnumMap<>(LighthouseMetric.class);
        v.put(LighthouseMetric.PERFORMANCE_SCORE, 0.9);
        v.put(LighthouseMetric.LARGEST_CONTENTFUL_PAINT, lcp);
        LighthouseRun r = new LighthouseRun("run-" + i + ".json", "https://x/", "mobile", "2026-01-0" + (i % 9 + 1), "13.5.0",
                i == 0 ? Double.NaN : 1000 + i, i % 2 == 0 ? List.of() : List.of("slow", "cpu\nwarning"), v,
                i == 3 ? Optional.of("Lighthouse runtime error: NO_FCP") : Optional.empty());
        return new StoredRun(String.format("%064x", i), r);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void storesRunsAndReadsThemBackExactly(TestStores.Kind kind) {
        BuildStore builds = new BuildStore(TestStores.open(kind, tmp));
        List<StoredRun> runs = List.of(run(0, 1200), run(1, 1300.25), run(3, 1400));
        Build b = builds.store("b1", "main", Optional.of("abc"), runs, 1000);
        assertThat(b).isEqualTo(new Build("b1", "main", Optional.of("abc"), 1000));
        List<LighthouseRun> back = builds.runs("b1");
        assertThat(back).containsExactlyElementsOf(runs.stream().map(StoredRun::run).toList());
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void absentValuesAreStoredAsNullAndReadBackAbsent(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        BuildStore builds = new BuildStore(store);
        assertThat(builds.store("b1", "main", Optional.empty(), List.of(run(0, 1200), run(3, 1400)), 1000).commit()).isEmpty();
        long nulls = store.inTransaction(h -> h.createQuery(
                "SELECT COUNT(*) FROM lighthouse_run WHERE benchmark_index IS NULL AND failure IS NULL").mapTo(Long.class).one());
        assertThat(nulls).isOne(); // run 0: no benchmark index, no failure
        assertThat(builds.find("b1").orElseThrow().commit()).isEmpty();
        assertThat(builds.list(Optional.empty(), 10)).singleElement().satisfies(s -> {
            assertThat(s.build().commit()).isEmpty();
            assertThat(s.runs()).isEqualTo(2);
            assertThat(s.failedRuns()).isEqualTo(1);
        });
        List<LighthouseRun> back = builds.runs("b1");
        assertThat(back.get(0).benchmarkIndex()).isNaN();
        assertThat(back.get(0).failure()).isEmpty();
        assertThat(back.get(0).warnings()).isEmpty();
        assertThat(back.get(1).benchmarkIndex()).isEqualTo(1003);
        assertThat(back.get(1).failure()).contains("Lighthouse runtime error: NO_FCP");
        assertThat(back.get(1).warnings()).containsExactly("slow", "cpu\nwarning");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void storingTwiceNeitherDuplicatesNorLoses(TestStores.Kind kind) {
        BuildStore builds = new BuildStore(TestStores.open(kind, tmp));
        builds.store("b1", "main", Optional.empty(), List.of(run(1, 1), run(2, 2)), 1000);
        builds.store("b1", "main", Optional.of("abc"), List.of(run(2, 2), run(4, 4)), 2000);
        assertThat(builds.runs("b1")).hasSize(3);
        Build b = builds.find("b1").orElseThrow();
        assertThat(b.createdMs()).isEqualTo(1000);
        assertThat(b.commit()).contains("abc");
        assertThat(builds.list(Optional.empty(), 10)).singleElement()
                .satisfies(s -> assertThat(s.runs()).isEqualTo(3));
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aBuildCannotMoveBranchAndAFailureLeavesNothingHalfWritten(TestStores.Kind kind) {
        BuildStore builds = new BuildStore(TestStores.open(kind, tmp));
        builds.store("b1", "main", Optional.empty(), List.of(run(1, 1)), 1000);
        assertThatThrownBy(() -> builds.store("b1", "feature", Optional.empty(), List.of(run(2, 2)), 2000))
                .isInstanceOf(PerfguardException.class)
                .hasMessageContaining("already stored on branch main")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(builds.runs("b1")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void baselineIsTheLatestEarlierBuildOfTheBaselineBranch(TestStores.Kind kind) {
        BuildStore builds = new BuildStore(TestStores.open(kind, tmp));
        Build m1 = builds.store("m1", "main", Optional.empty(), List.of(run(1, 1)), 1000);
        Build m2 = builds.store("m2", "main", Optional.empty(), List.of(run(2, 2)), 2000);
        Build f1 = builds.store("f1", "feature", Optional.empty(), List.of(run(3, 3)), 2500);
        Build m3 = builds.store("m3", "main", Optional.empty(), List.of(run(4, 4)), 3000);
        assertThat(builds.latestBefore("main", f1)).contains(m3);
        assertThat(builds.latestBefore("main", m3)).contains(m2);
        assertThat(builds.latestBefore("main", m2)).contains(m1);
        assertThat(builds.latestBefore("main", m1)).isEmpty();
        assertThat(builds.history("main", m3, 10)).containsExactly(m1, m2, m3);
        assertThat(builds.list(Optional.of("main"), 2)).extracting(s -> s.build().id()).containsExactly("m3", "m2");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void concurrentWritersOfOneStoreAllSucceed(TestStores.Kind kind) throws Exception {
        Store.Location where = TestStores.location(kind, tmp);
        Store.open(where); // migrate once; each writer then opens its own store like a separate process
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Build>> results = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            final int writer = w;
            Callable<Build> task = () -> {
                BuildStore mine = new BuildStore(Store.open(where));
                Build last = null;
                for (int i = 0; i < 5; i++) {
                    // every writer stores the shared build too: the same runs, racing
                    mine.store("shared", "main", Optional.empty(), List.of(run(1, 1), run(2, 2)), 1000 + i);
                    last = mine.store("w" + writer + "-" + i, "main", Optional.empty(), List.of(run(10 + i, i)), 2000 + i);
                }
                return last;
            };
            results.add(pool.submit(task));
        }
        for (Future<Build> f : results) {
            assertThat(f.get()).isNotNull();
        }
        pool.shutdown();
        BuildStore builds = new BuildStore(Store.open(where));
        assertThat(builds.runs("shared")).hasSize(2);
        assertThat(builds.list(Optional.empty(), 100)).hasSize(31);
    }
}
