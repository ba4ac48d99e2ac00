package dev.perfguard.runbook.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Direction;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.ci.CiComparison;
import dev.perfguard.core.ci.CiMetric;
import dev.perfguard.core.ci.CiStatus;
import dev.perfguard.core.lighthouse.ComparisonPolicy;
import dev.perfguard.runbook.builds.CheckPolicy;
import dev.perfguard.runbook.store.LocalPostgres;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CiCheckTest {
    @TempDir static Path tmp;

    private static LocalPostgres pg;

    static final CheckPolicy POLICY = new CheckPolicy(ComparisonPolicy.defaults(), "main", 5, 0.05, 20, ChangePointDetector.defaults());

    /** SQLite, or PostgreSQL: the shared one of scripts/test when set, else one of this test's own. */
    private static Store open(TestStores.Kind kind) throws Exception {
        if (kind == TestStores.Kind.POSTGRES && System.getenv("PERFGUARD_TEST_PG_URL") == null) {
            if (pg == null) {
                pg = LocalPostgres.start();
            }
            return Store.open(new Store.Location.Postgres(pg.jdbcUrl(), "t_" + System.nanoTime()));
        }
        return TestStores.open(kind, tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static CiMetric latency(double level) {
        return CiMetric.samples("api.search_ms", Map.of("route", "/api/search"), "ms", Direction.LOWER_IS_BETTER,
                IntStream.range(0, 5).mapToObj(i -> level + i * 0.5).toList());
    }

    private static CiMetric size(double bytes) {
        return CiMetric.value("bundle.main_js_bytes", Map.of(), "bytes", Direction.LOWER_IS_BETTER, bytes);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void storesSeriesJudgesThemAndFindsTheHistorysRegression(TestStores.Kind kind) throws Exception {
        try (Store store = open(kind)) {
            CiCheck check = new CiCheck(new MetricPoints(store), POLICY, new CiComparison(0.10, 0.05, 3), Clock.systemUTC());
            var first = check.check("1", "main", Optional.of("c1"), Optional.of(Instant.parse("2026-12-01T00:00:00Z")), Optional.empty(),
                    List.of(latency(100), size(1000)));
            assertThat(first.baseline()).isEmpty();
            assertThat(first.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(CiStatus.INCONCLUSIVE));

            var same = check.check("2", "main", Optional.of("c2"), Optional.of(Instant.parse("2026-12-01T01:00:00Z")), Optional.empty(),
                    List.of(latency(100), size(1050)));
            assertThat(same.baseline().map(CiBuild::id)).contains("1");
            assertThat(same.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(CiStatus.PASS));

            // a feature branch compares with main's latest build
            var feature = check.check("f1", "feature/x", Optional.empty(), Optional.of(Instant.parse("2026-12-01T02:00:00Z")),
                    Optional.empty(), List.of(latency(130), size(1500)));
            assertThat(feature.baseline().map(CiBuild::id)).contains("2");
            assertThat(feature.count(CiStatus.REGRESSION)).isEqualTo(2);
            var lat = feature.results().getFirst();
            assertThat(lat.pValue()).isPresent();
            assertThat(lat.pValue().getAsDouble()).isLessThan(0.05);
            assertThat(feature.results().get(1).pValue()).isEmpty();

            // the same build again is a no-op; other values are a conflict and nothing is stored
            check.check("2", "main", Optional.of("c2"), Optional.of(Instant.parse("2026-12-01T01:00:00Z")), Optional.empty(),
                    List.of(latency(100), size(1050)));
            assertThatThrownBy(() -> check.check("2", "main", Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(latency(100), size(9999))))
                    .isInstanceOf(PerfguardException.class).hasMessageContaining("already has metric bundle.main_js_bytes")
                    .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThatThrownBy(() -> check.check("2", "other", Optional.empty(), Optional.empty(), Optional.empty(), List.of(size(1))))
                    .hasMessageContaining("already stored on branch main");

            for (int b = 3; b <= 20; b++) {
                double level = b <= 10 ? 100 : 140;
                check.check(String.valueOf(b), "main", Optional.of("c" + b),
                        Optional.of(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(3600L * b)), Optional.empty(),
                        List.of(latency(level + (b * 7 % 5) * 0.5), size(1050)));
            }
            var last = check.check("21", "main", Optional.of("c21"), Optional.of(Instant.parse("2026-12-02T00:00:00Z")),
                    Optional.empty(), List.of(latency(140), size(1050)));
            assertThat(last.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(CiStatus.PASS));
            assertThat(last.findings()).singleElement().satisfies(f -> {
                assertThat(f.metric().series()).isEqualTo("api.search_ms{route=/api/search}");
                assertThat(f.firstBadBuild()).isEqualTo("11");
                assertThat(f.lastGoodBuild()).isEqualTo("10");
                assertThat(f.commitRange()).isEqualTo("c10..c11");
                assertThat(f.buildsSince()).isEqualTo(10);
                assertThat(f.changePoint().after().median()).isGreaterThan(140);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void listsStoredBuildsWithTheirSourcesAndJudgesAStoredBuildAgainWithoutStoring(TestStores.Kind kind) throws Exception {
        try (Store store = open(kind)) {
            MetricPoints points = new MetricPoints(store);
            CiCheck check = new CiCheck(points, POLICY, new CiComparison(0.10, 0.05, 3), Clock.systemUTC());
            Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
            for (int b = 1; b <= 20; b++) {
                double level = b <= 10 ? 100 : 140;
                check.check("m" + b, "main", Optional.of("c" + b), Optional.of(t0.plusSeconds(3600L * b)), Optional.empty(),
                        b == 20 ? Set.of("perf_metrics", "jmh") : Set.of("perf_metrics"),
                        List.of(latency(level + (b * 7 % 5) * 0.5), size(1000)));
            }
            // the same build again adds the kinds it was read from now, and changes nothing else
            check.check("m20", "main", Optional.of("c20"), Optional.of(t0.plusSeconds(3600L * 20)), Optional.empty(),
                    Set.of("k6 summary"), List.of(size(1000)));
            check.check("f1", "feature/x", Optional.empty(), Optional.of(t0.plusSeconds(3600L * 21)), Optional.empty(),
                    List.of(size(2000)));

            assertThat(points.branches(10)).containsExactly("feature/x", "main");
            assertThat(points.newest("main").map(CiBuild::id)).contains("m20");
            assertThat(points.newest("nope")).isEmpty();
            List<CiBuildSummary> all = points.list(Optional.empty(), 3);
            assertThat(all).extracting(s -> s.build().id()).containsExactly("f1", "m20", "m19");
            assertThat(all.get(0).metrics()).isEqualTo(1);
            assertThat(all.get(0).sources()).isEmpty();
            assertThat(all.get(1).metrics()).isEqualTo(2);
            assertThat(all.get(1).sources()).containsExactly("jmh", "k6 summary", "perf_metrics");
            assertThat(points.series(10)).containsExactly(new CiSeries("feature/x", "bundle.main_js_bytes", "bytes", 1,
                            t0.plusSeconds(3600L * 21).toEpochMilli()),
                    new CiSeries("main", "api.search_ms{route=/api/search}", "ms", 20, t0.plusSeconds(3600L * 20).toEpochMilli()),
                    new CiSeries("main", "bundle.main_js_bytes", "bytes", 20, t0.plusSeconds(3600L * 20).toEpochMilli()));
            assertThat(points.list(Optional.of("feature/x"), 10)).extracting(s -> s.build().id()).containsExactly("f1");

            CiHistory h = check.history(points.find("m20").orElseThrow(), "api.search_ms{route=/api/search}").orElseThrow();
            assertThat(h.builds()).extracting(CiBuild::id).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9",
                    "m10", "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19", "m20");
            assertThat(h.medians()[0]).isEqualTo(102.0); // level 101 and samples 0 to 2 above it
            assertThat(h.changePoints()).singleElement().satisfies(c -> assertThat(c.index()).isEqualTo(10));
            assertThat(check.history(points.find("m20").orElseThrow(), "nope.metric")).isEmpty();

            var judged = check.compare("m1", "m20");
            assertThat(judged.baseline().map(CiBuild::id)).contains("m1");
            assertThat(judged.results()).filteredOn(r -> r.metric().name().equals("api.search_ms")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.status()).isEqualTo(CiStatus.REGRESSION);
                        assertThat(r.pValue()).isPresent();
                    });
            assertThat(judged.findings()).singleElement().satisfies(f -> assertThat(f.firstBadBuild()).isEqualTo("m11"));
            // judged again against the latest earlier build of main
            assertThat(check.judge("m20", Optional.empty()).baseline().map(CiBuild::id)).contains("m19");
            assertThat(check.judge("f1", Optional.empty()).results()).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(CiStatus.REGRESSION));
            assertThat(points.list(Optional.empty(), 100)).hasSize(21);
            assertThatThrownBy(() -> check.judge("nope", Optional.empty())).hasMessageContaining("build nope is not stored")
                    .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }
}
