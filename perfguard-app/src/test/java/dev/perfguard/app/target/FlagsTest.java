package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flagd file: read at start, re-read on change, and what the two flags do to a real target. */
class FlagsTest {
    private static final String QUERY = "what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft";

    @TempDir
    Path tmp;

    @Test
    void aMissingOrInvalidFileIsAnErrorAtStartNamingTheFileAndField() {
        Path missing = tmp.resolve("nope.json");
        assertThatThrownBy(() -> DemoTarget.start("127.0.0.1", 0, Optional.of(missing), new PrintWriter(new StringWriter())))
                .isInstanceOf(PerfguardException.class).hasMessage("--flags: flag file " + missing + " does not exist");
        Path bad = tmp.resolve("flags.json");
        TargetClient.writeFlags(bad, TargetClient.flags("true", false).replace("\"defaultVariant\": \"on\"", "\"defaultVariant\": \"fast\""));
        assertThatThrownBy(() -> DemoTarget.start("127.0.0.1", 0, Optional.of(bad), new PrintWriter(new StringWriter())))
                .hasMessage("flag file " + bad + ": field 'flags.slow-ranker.defaultVariant' is 'fast', not one of the variants on, off");
    }

    @Test
    void theFileFormatIsCheckedFieldByField() {
        assertThat(FlagFile.parse("f", "{\"flags\": {}}")).isEqualTo(Flags.NONE);
        assertThat(FlagFile.parse("f", TargetClient.flags("true", true))).isEqualTo(new Flags(Flags.SlowRanker.ON, true));
        assertThat(FlagFile.parse("f", TargetClient.flags("{\"p\": 0.1, \"delayMs\": 200}", false)))
                .isEqualTo(new Flags(new Flags.SlowRanker(0.1, 200, 0), false));
        assertThat(FlagFile.parse("f", TargetClient.flags("{\"delayMs\": 50, \"jitterMs\": 10}", false)).slowRanker())
                .isEqualTo(new Flags.SlowRanker(1, 50, 10));
        assertThat(FlagFile.parse("f", TargetClient.flags("true", true).replace("\"ENABLED\"", "\"DISABLED\""))).isEqualTo(Flags.NONE);
        // another flag in the same file (the flag store's) is checked but not read
        assertThat(FlagFile.parse("f", "{\"flags\": {\"new-ranker\": {\"state\": \"ENABLED\", \"variants\": {\"a\": \"x\"},"
                + " \"defaultVariant\": \"a\", \"targeting\": {\"if\": [true, \"a\"]}}}}")).isEqualTo(Flags.NONE);
        List<String[]> bad = List.of(
                new String[] {"[]", "flag file f: must hold a JSON object with a 'flags' object"},
                new String[] {"{\"flags\": 1}", "flag file f: field 'flags' must be an object of flag definitions"},
                new String[] {"{\"flags\": {\"x\": {\"state\": \"ON\", \"variants\": {\"a\": 1}, \"defaultVariant\": \"a\"}}}",
                        "flag file f: field 'flags.x.state' must be \"ENABLED\" or \"DISABLED\", was \"ON\""},
                new String[] {"{\"flags\": {\"x\": {\"state\": \"ENABLED\", \"variants\": {}, \"defaultVariant\": \"a\"}}}",
                        "flag file f: field 'flags.x.variants' must be an object with at least one variant"},
                new String[] {TargetClient.flags("{\"p\": 1.5, \"delayMs\": 200}", false),
                        "flag file f: field 'flags.slow-ranker.variants.on': p must be a number from 0 to 1, was 1.5"},
                new String[] {TargetClient.flags("{\"p\": 0.5, \"delay\": 200}", false),
                        "flag file f: field 'flags.slow-ranker.variants.on.delay' is not known; expected p, delayMs, jitterMs"},
                new String[] {TargetClient.flags("\"slow\"", false),
                        "flag file f: field 'flags.slow-ranker.variants.on' must be true, false or {\"p\": 0.1, \"delayMs\": 200}, was \"slow\""},
                new String[] {TargetClient.flags("false", false).replace("{\"on\": true, \"off\": false}", "{\"on\": 1, \"off\": 0}")
                        .replace("\"defaultVariant\": \"off\"", "\"defaultVariant\": \"on\""),
                        "flag file f: field 'flags.naive-ranking.variants.on' must be true or false, was 1"});
        for (String[] b : bad) {
            assertThatThrownBy(() -> FlagFile.parse("f", b[0])).as(b[0]).isInstanceOf(PerfguardException.class)
                    .hasMessage(b[1]).extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFIG);
        }
        assertThatThrownBy(() -> FlagFile.parse("f", "{\"flags\": ")).hasMessageStartingWith("flag file f: is not JSON");
    }

    @Test
    void slowRankerDelaysSearchesWhileItIsOn() {
        Path file = tmp.resolve("flags.json");
        TargetClient.writeFlags(file, TargetClient.flags("false", false));
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(file), new PrintWriter(new StringWriter()))) {
            TargetClient client = new TargetClient(target);
            assertThat(client.get("search?q=wing").headers().firstValue("Demo-Target-Delay-Ms")).hasValue("0");
            TargetClient.writeFlags(file, TargetClient.flags("{\"p\": 1, \"delayMs\": 30}", false));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.get("search?q=wing");
                assertThat(r.headers().firstValue("Demo-Target-Delay-Ms")).hasValue("30");
                assertThat(r.headers().firstValue("Demo-Target-Ranking")).hasValue("bm25");
            }
            // p 0: on in the file, but no search is delayed
            TargetClient.writeFlags(file, TargetClient.flags("{\"p\": 0, \"delayMs\": 30}", false));
            assertThat(client.get("search?q=wing").headers().firstValue("Demo-Target-Delay-Ms")).hasValue("0");
            TargetClient.writeFlags(file, TargetClient.flags("false", false));
            assertThat(client.get("search?q=wing").headers().firstValue("Demo-Target-Delay-Ms")).hasValue("0");
            String metrics = client.get("metrics").body();
            assertThat(metrics).contains("demo_target_slow_ranker_delays_total 3\n", "demo_target_slow_ranker_delay_seconds_total 0.09",
                    "demo_target_flag_reloads_total{result=\"ok\"} 3\n");
        }
    }

    @Test
    void naiveRankingChangesTheRanking() {
        Path file = tmp.resolve("flags.json");
        TargetClient.writeFlags(file, TargetClient.flags("false", false));
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(file), new PrintWriter(new StringWriter()))) {
            TargetClient client = new TargetClient(target);
            List<String> bm25 = TargetClient.ids(client.search(QUERY, 10));
            TargetClient.writeFlags(file, TargetClient.flags("false", true));
            HttpResponse<String> r = client.get("search?q=" + java.net.URLEncoder.encode(QUERY, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.headers().firstValue("Demo-Target-Ranking")).hasValue("naive");
            List<String> naive = TargetClient.ids(TargetClient.json(r.body()));
            assertThat(naive).hasSize(10).isNotEqualTo(bm25);
            assertThat(client.get("metrics").body()).contains("demo_target_flag_enabled{flag=\"naive-ranking\"} 1\n",
                    "demo_target_searches_total{ranking=\"naive\"} 1\n", "demo_target_searches_total{ranking=\"bm25\"} 1\n");
            TargetClient.writeFlags(file, TargetClient.flags("false", false));
            assertThat(TargetClient.ids(client.search(QUERY, 10))).isEqualTo(bm25);
        }
    }

    @Test
    void anInvalidRewriteKeepsTheLastGoodFlagsAndIsLoggedOnce() {
        Path file = tmp.resolve("flags.json");
        TargetClient.writeFlags(file, TargetClient.flags("false", true));
        StringWriter log = new StringWriter();
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(file), new PrintWriter(log))) {
            TargetClient client = new TargetClient(target);
            TargetClient.writeFlags(file, "{\"flags\": {\"naive-ranking\": {\"state\": \"ENABLED\"}}}");
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("search?q=wing").headers().firstValue("Demo-Target-Ranking")).hasValue("naive");
            }
            assertThat(log.toString().lines().toList()).containsExactly("demo-target: flag file " + file
                    + ": field 'flags.naive-ranking.variants' must be an object with at least one variant;"
                    + " keeping the last good flags (slow-ranker off, naive-ranking on)");
            assertThat(client.get("metrics").body()).contains("demo_target_flag_reloads_total{result=\"rejected\"} 1\n");
            TargetClient.writeFlags(file, TargetClient.flags("false", false));
            assertThat(client.get("search?q=wing").headers().firstValue("Demo-Target-Ranking")).hasValue("bm25");
            assertThat(log.toString()).contains("demo-target: flags re-read from " + file + ": slow-ranker off, naive-ranking off");
        }
    }

    @Test
    void noReaderGetsTheOldFlagsOnceTheRewriteIsDone() throws Exception {
        Path file = tmp.resolve("flags.json");
        TargetClient.writeFlags(file, TargetClient.flags("false", false));
        int readers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try (FlagWatcher watcher = new FlagWatcher(file, new PrintWriter(new StringWriter()))) {
            for (int round = 1; round <= 200; round++) {
                boolean naive = round % 2 == 1;
                TargetClient.writeFlags(file, TargetClient.flags("false", naive));
                CyclicBarrier start = new CyclicBarrier(readers);
                List<Future<Boolean>> seen = new ArrayList<>();
                for (int r = 0; r < readers; r++) {
                    seen.add(pool.submit(() -> {
                        start.await();
                        return watcher.current().naiveRanking();
                    }));
                }
                for (Future<Boolean> f : seen) {
                    assertThat(f.get(10, TimeUnit.SECONDS)).as("round %d: a read after the rewrite", round).isEqualTo(naive);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
