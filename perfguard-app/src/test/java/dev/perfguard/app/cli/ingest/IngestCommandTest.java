package dev.perfguard.app.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
    @TempDir Path tmp;

    private Path db() {
        return tmp.resolve("store.db");
    }

    /** A perf_metrics file of one build: a latency with five samples around {@code latency}, and a build time value. */
    private Path perfMetrics(String build, String time, double latency, double buildSeconds) throws Exception {
        String samples = IntStream.range(0, 5).mapToObj(i -> String.format(Locale.ROOT, "%.1f", latency + (i - 2) * 0.5))
                .collect(Collectors.joining(", "));
        return Files.writeString(tmp.resolve("perf-" + build + ".json"), """
                {"build": "%s", "branch": "main", "commit": "c%s", "time": "%s",
                 "metrics": [
                   {"name": "api.search_ms", "unit": "ms", "direction": "lower", "samples": [%s], "labels": {"route": "/api/search"}},
                   {"name": "build_seconds", "unit": "s", "direction": "lower", "value": %s}
                 ]}""".formatted(build, build, time, samples, buildSeconds));
    }

    private Run ingest(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "ingest";
        all[1] = "--db";
        all[2] = db().toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Run.of(all);
    }

    @Test
    void aFirstBuildIsInconclusiveThenTheSameValuesPassAndClearlyWorseSamplesRegress() throws Exception {
        Run first = ingest(perfMetrics("1", "2026-12-01T10:00:00Z", 100, 60).toString());
        assertThat(first.exit()).as(first.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(first.err()).contains("no baseline: no earlier ingested build of branch main");
        assertThat(first.out()).contains("build 1 (branch main, commit c1): 2 metric(s) from 1 file(s)");

        Run same = ingest(perfMetrics("2", "2026-12-01T11:00:00Z", 100, 61).toString());
        assertThat(same.exit()).as(same.out() + same.err()).isEqualTo(ExitStatus.OK);
        assertThat(same.out()).contains("baseline 1 (branch main, commit c1)").contains("verdict: pass (2 pass)");

        Run worse = ingest(perfMetrics("3", "2026-12-01T12:00:00Z", 150, 61).toString(), "--format", "json");
        assertThat(worse.exit()).as(worse.out() + worse.err()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode j = new ObjectMapper().readTree(worse.out());
        assertThat(j.get("verdict").asText()).isEqualTo("regression");
        assertThat(j.get("baseline").get("id").asText()).isEqualTo("2");
        JsonNode latency = metric(j, "api.search_ms{route=/api/search}");
        assertThat(latency.get("status").asText()).isEqualTo("regression");
        assertThat(latency.get("baseline").asDouble()).isEqualTo(100.0);
        assertThat(latency.get("current").asDouble()).isEqualTo(150.0);
        // five samples a side, no overlap: the exact one-sided rank-test p-value is 1/252
        assertThat(latency.get("pValue").asDouble()).isCloseTo(1 / 252.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(metric(j, "ci.build_seconds").get("status").asText()).isEqualTo("pass");

        Run lenient = ingest(perfMetrics("4", "2026-12-01T13:00:00Z", 150, 200).toString(), "--baseline", "2", "--format", "markdown");
        assertThat(lenient.exit()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(lenient.out()).contains("| **regression** | `ci.build_seconds` | 61 | 200 s |").contains("beyond tolerance 10 %");
    }

    @Test
    void checkWithoutReportsJudgesAnIngestedBuildAgainAsIngestDid() throws Exception {
        ingest(perfMetrics("1", "2026-12-01T10:00:00Z", 100, 60).toString());
        ingest(perfMetrics("2", "2026-12-01T11:00:00Z", 100, 61).toString());
        Run ingested = ingest(perfMetrics("3", "2026-12-01T12:00:00Z", 150, 61).toString(), "--format", "json");
        assertThat(ingested.exit()).isEqualTo(ExitStatus.REGRESSION);

        Run json = Run.of("check", "--db", db().toString(), "--build", "3", "--format", "json");
        assertThat(json.exit()).as(json.out() + json.err()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode again = new ObjectMapper().readTree(json.out());
        JsonNode first = new ObjectMapper().readTree(ingested.out());
        assertThat(again.get("metrics")).isEqualTo(first.get("metrics"));
        assertThat(again.get("baseline")).isEqualTo(first.get("baseline"));
        assertThat(again.get("verdict").asText()).isEqualTo("regression");
        assertThat(again.get("files")).isEmpty();

        Run text = Run.of("check", "--db", db().toString(), "--build", "3");
        assertThat(text.exit()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(text.out()).startsWith("perfguard check: build 3 (branch main, commit c3): 2 metric(s) stored; baseline 2")
                .contains("verdict: regression (1 regression, 1 pass)");
        Run markdown = Run.of("check", "--db", db().toString(), "--build", "2", "--baseline", "1", "--format", "markdown");
        assertThat(markdown.exit()).as(markdown.err()).isEqualTo(ExitStatus.OK);
        assertThat(markdown.out()).startsWith("### perfguard check: pass");
        Run first2 = Run.of("check", "--db", db().toString(), "--build", "1");
        assertThat(first2.exit()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(first2.err()).contains("no baseline: no earlier ingested build of branch main");

        Run junit = Run.of("check", "--db", db().toString(), "--build", "3", "--format", "junit");
        assertThat(junit.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(junit.err()).contains("--format junit is not available for an ingested build");
        Run unknown = Run.of("check", "--db", db().toString(), "--build", "9");
        assertThat(unknown.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(unknown.err()).contains("PATH is required").contains("ingest build 9 first");
        Run branch = Run.of("check", "--db", db().toString(), "--build", "3", "--branch", "feature/x");
        assertThat(branch.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(branch.err()).contains("--branch feature/x: build 3 is stored on branch main");
        // judging again stores nothing
        assertThat(Run.of("builds", "list", "--db", db().toString(), "--format", "json").out()).contains("\"id\" : \"3\"")
                .doesNotContain("\"id\" : \"9\"");
    }

    @Test
    void theConfiguredToleranceJudgesIngestCheckAndTheBuildPagesAlike() throws Exception {
        Path config = Files.writeString(tmp.resolve("perfguard.yaml"), "ingest:\n  tolerance: 60%\n");
        ingest("--config", config.toString(), perfMetrics("1", "2026-12-01T10:00:00Z", 100, 60).toString());
        Run lenient = ingest("--config", config.toString(), perfMetrics("2", "2026-12-01T11:00:00Z", 150, 60).toString());
        assertThat(lenient.exit()).as(lenient.out() + lenient.err()).isEqualTo(ExitStatus.OK);

        // judged again: at the configured 60 % it passes, at the default 10 % the same stored build regresses
        Run configured = Run.of("check", "--db", db().toString(), "--config", config.toString(), "--build", "2");
        assertThat(configured.exit()).as(configured.out() + configured.err()).isEqualTo(ExitStatus.OK);
        Run byDefault = Run.of("check", "--db", db().toString(), "--build", "2", "--format", "markdown");
        assertThat(byDefault.exit()).as(byDefault.out() + byDefault.err()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(byDefault.out()).contains("beyond tolerance 10 %");

        // --tolerance overrides the config for one run
        Run strict = ingest("--config", config.toString(), "--tolerance", "0.10", "--format", "markdown",
                perfMetrics("3", "2026-12-01T12:00:00Z", 225, 60).toString());
        assertThat(strict.exit()).as(strict.out() + strict.err()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(strict.out()).contains("beyond tolerance 10 %");

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "ingest:\n  tolerance: -5%\n");
        Run refused = ingest("--config", bad.toString(), perfMetrics("4", "2026-12-01T13:00:00Z", 100, 60).toString());
        assertThat(refused.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(refused.err()).contains("bad.yaml").contains("ingest.tolerance must be a finite number >= 0, was -5.0%");
        Path words = Files.writeString(tmp.resolve("words.yaml"), "ingest:\n  tolerance: ten\n");
        Run unreadable = ingest("--config", words.toString(), perfMetrics("4", "2026-12-01T13:00:00Z", 100, 60).toString());
        assertThat(unreadable.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(unreadable.err()).contains("words.yaml:2").contains("ingest.tolerance");
        assertThat(Run.of("builds", "list", "--db", db().toString(), "--format", "json").out()).doesNotContain("\"id\" : \"4\"");
    }

    @Test
    void aChangeWithinToleranceOrWithoutSignificanceDoesNotFail() throws Exception {
        ingest(perfMetrics("1", "2026-12-01T10:00:00Z", 100, 60).toString());
        Run within = ingest(perfMetrics("2", "2026-12-01T11:00:00Z", 105, 63).toString());
        assertThat(within.exit()).as(within.out()).isEqualTo(ExitStatus.OK);
        Run overlapping = ingest(Files.writeString(tmp.resolve("noisy.json"), """
                {"build": "3", "time": "2026-12-01T12:00:00Z", "metrics": [
                  {"name": "api.search_ms", "unit": "ms", "direction": "lower", "samples": [60, 200, 70, 190, 130],
                   "labels": {"route": "/api/search"}}]}""").toString());
        assertThat(overlapping.exit()).as(overlapping.out()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(overlapping.out()).contains("inconclusive").contains("not significant");
    }

    @Test
    void badInputNamesTheFieldAndStoresNothing() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), """
                {"build": "9", "metrics": [{"name": "ci.a", "unit": "ms", "direction": "sideways", "value": 1}]}""");
        Path good = perfMetrics("9", "2026-12-01T10:00:00Z", 100, 60);
        Run r = ingest(good.toString(), bad.toString());
        assertThat(r.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains(bad + ": /metrics/0/direction: expected \"lower\" or \"higher\", was \"sideways\"");
        // nothing of build 9 was stored: ingesting it alone is still its first time (no baseline, inconclusive)
        Run again = ingest(good.toString());
        assertThat(again.exit()).isEqualTo(ExitStatus.INCONCLUSIVE);

        Run noBuild = ingest(Files.writeString(tmp.resolve("nobuild.json"), """
                {"metrics": [{"name": "ci.a", "direction": "lower", "value": 1}]}""").toString());
        assertThat(noBuild.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(noBuild.err()).contains("--build is required");

        Run conflict = ingest(perfMetrics("9", "2026-12-01T10:00:00Z", 300, 60).toString());
        assertThat(conflict.exit()).isEqualTo(ExitStatus.FAILURE);
        assertThat(conflict.err()).contains("build 9 already has metric api.search_ms{route=/api/search} with other values");
    }

    @Test
    void theHistoryShowsARegressionInForceWithItsFirstBadBuild() throws Exception {
        Run last = null;
        for (int b = 1; b <= 14; b++) {
            double level = b <= 7 ? 100 : 140;
            // the comparison with the previous build passes from build 9 on: only the history shows the step
            last = ingest("--baseline", b == 1 ? "auto" : String.valueOf(b - 1),
                    perfMetrics(String.valueOf(b), "2026-12-01T%02d:00:00Z".formatted(b), level + (b % 3), 60).toString());
        }
        assertThat(last.exit()).as(last.out()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(last.out()).contains("pass         api.search_ms{route=/api/search}")
                .contains("api.search_ms{route=/api/search}: regression in force since build 8 (last good 7, commits c7..c8, 6 build(s) ago)");
        assertThat(last.out()).doesNotContain("ci.build_seconds: regression in force");
    }

    @Test
    void jmhAndK6FilesIngestTogether() throws Exception {
        Path jmh = Files.writeString(tmp.resolve("jmh.json"), """
                [{"benchmark": "dev.perfguard.Bench.read", "mode": "avgt",
                  "primaryMetric": {"score": 2.0, "scoreUnit": "ms/op", "rawData": [[1.9, 2.0, 2.1], [2.0, 1.95, 2.05]]}}]""");
        Path k6 = Files.writeString(tmp.resolve("k6.json"), """
                {"root_group": {}, "metrics": {"http_req_duration": {"avg": 100, "med": 90, "p(95)": 200, "max": 400},
                 "http_reqs": {"count": 100, "rate": 50}}}""");
        Run r = ingest("--build", "b1", "--branch", "main", jmh.toString(), k6.toString(), "--fail-on", "regression");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.OK);
        assertThat(r.out()).contains("(jmh, 1 metric(s))").contains("(k6 summary, 5 metric(s))")
                .contains("jmh.dev.perfguard.Bench.read{mode=avgt}").contains("k6.http_req_duration_p95_ms");
        assertThat(r.err()).contains("warning: inconclusive");

        // builds list shows the ingested build with its metric count and the kinds of file it was read from
        Run list = Run.of("builds", "list", "--db", db().toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).doesNotContain("RUNS").contains("INGESTED BUILD").containsPattern("(?m)^b1 +main +- +\\S+ +6  jmh,k6 summary$");
        Run json = Run.of("builds", "list", "--db", db().toString(), "--format", "json");
        JsonNode b1 = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(b1.get("kind").asText()).isEqualTo("ingested");
        assertThat(b1.get("id").asText()).isEqualTo("b1");
        assertThat(b1.get("metrics").asInt()).isEqualTo(6);
        assertThat(b1.get("sources")).extracting(JsonNode::asText).containsExactly("jmh", "k6 summary");
        assertThat(Run.of("builds", "list", "--db", db().toString(), "--branch", "nope").out())
                .contains("no builds on branch nope (branches with builds: main)");
    }

    @Test
    void reportToOpensTheIncidentPerFamilyAndAttachesTheFiles() throws Exception {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("server.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), Clock.systemUTC());
        try (PerfguardServer server = PerfguardServer.start(incidents, new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE),
                tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("CI_TOKEN", tokens.create("ci", Role.RESPONDER).token());
            String url = "http://127.0.0.1:" + server.port();
            Path good = perfMetrics("1", "2026-12-01T10:00:00Z", 100, 60);
            Run first = Run.with(env, "ingest", "--db", db().toString(), good.toString(), "--report-to", url, "--token-env", "CI_TOKEN");
            assertThat(first.err()).contains("no regression, nothing reported to " + url);

            Path worse = perfMetrics("2", "2026-12-01T11:00:00Z", 150, 90);
            Run r = Run.with(env, "ingest", "--db", db().toString(), worse.toString(), "--report-to", url, "--token-env", "CI_TOKEN");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitStatus.REGRESSION);
            assertThat(r.err()).contains("perfguard: opened incident ").contains("(1 discrepancies)")
                    .contains("attached 1 file(s) to incident");
            var list = incidents.browse(Optional.empty(), Optional.empty(), 0, 10).items();
            // two families (api, ci): two incidents, each with the file attached
            assertThat(list).hasSize(2);
            List<Discrepancy> ds = list.stream().flatMap(i -> i.incident().discrepancies().stream()).toList();
            assertThat(ds).extracting(Discrepancy::metric).containsExactlyInAnyOrder("api.search_ms{route=/api/search}", "ci.build_seconds");
            Evidence.LighthouseDelta e = (Evidence.LighthouseDelta) ds.stream().filter(d -> d.metric().startsWith("api."))
                    .findFirst().orElseThrow().evidence();
            assertThat(e.baseline()).isEqualTo(100.0);
            assertThat(e.current()).isEqualTo(150.0);
            assertThat(e.unit()).isEqualTo("ms");
            assertThat(e.pValue()).hasValueSatisfying(p -> assertThat(p).isLessThan(0.01));
            assertThat(list).allSatisfy(i -> assertThat(i.incident().artefacts()).extracting(ArtefactRef::name)
                    .containsExactly("2-perf-2.json"));
            byte[] stored = incidents.artefact(list.getFirst().incident().id(), "2-perf-2.json");
            assertThat(stored).isEqualTo(Files.readAllBytes(worse));
        } finally {
            store.close();
        }
    }

    @Test
    void lighthouseReportsAndRagEvalOutputsIngestAndTheRegressedRunsFail() throws Exception {
        Path qrels = tmp.resolve("qrels.txt");
        Path run = tmp.resolve("run.txt");
        assertThat(Run.of("rag-eval", "generate", "--queries", "50", "--docs", "30", "--qrels", qrels.toString(), "--run", run.toString())
                .exit()).isZero();
        Run eval = Run.of("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", run.toString(), "-q", "--format", "json");
        assertThat(eval.exit()).as(eval.err()).isZero();
        Path rag = Files.writeString(tmp.resolve("rag.json"), eval.out());
        Path lighthouse = fixtures().resolve("lighthouse/13.5.0/mobile");

        // the two variants are served under /good/ and /regressed/: the configured URL normalization pairs them
        Path config = Files.writeString(tmp.resolve("perfguard.yaml"), """
                lighthouse:
                  url_replacement_patterns: ["s#^/(good|regressed)/#/#"]
                """);
        Run good = ingest("--config", config.toString(), "--build", "g", lighthouse.resolve("good").toString(), rag.toString());
        assertThat(good.exit()).as(good.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(good.out()).contains("(lighthouse, ").contains("(rag-eval, ").contains("rag.map ")
                .contains("lighthouse.lcp_ms{page=/,preset=mobile}");

        Run regressed = ingest("--config", config.toString(), "--build", "r", "--format", "json", lighthouse.resolve("regressed").toString(), rag.toString());
        assertThat(regressed.exit()).as(regressed.out()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode j = new ObjectMapper().readTree(regressed.out());
        List<String> regressions = new java.util.ArrayList<>();
        j.get("metrics").forEach(m -> {
            if (m.get("status").asText().equals("regression")) {
                regressions.add(m.get("name").asText());
            }
        });
        assertThat(regressions).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("lighthouse."));
        assertThat(metric(j, "rag.map").get("status").asText()).isEqualTo("pass");
        assertThat(metric(j, "rag.map").get("samples").asInt()).isEqualTo(50);
    }

    static Path fixtures() {
        String p = System.getProperty("perfguard.fixtures");
        return Path.of(p != null ? p : "../../shared/fixtures").toAbsolutePath().normalize();
    }

    private static JsonNode metric(JsonNode report, String series) {
        for (JsonNode m : report.get("metrics")) {
            if (m.get("series").asText().equals(series)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + series + " in " + report);
    }
}
