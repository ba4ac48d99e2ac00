package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.runbook.store.TestStores;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckCliTest {
    @TempDir Path tmp;

    private List<String> storeArgs(TestStores.Kind kind) throws Exception {
        if (kind == TestStores.Kind.SQLITE) {
            return List.of("--db", tmp.resolve("store.db").toString());
        }
        String url = TestStores.postgresUrl();
        String schema = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        return List.of("--jdbc", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    private static Run check(List<String> store, String... args) {
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        all.addAll(store);
        return Run.of(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void storedBuildsAreComparedWithTheLatestBaselineBuild(TestStores.Kind kind) throws Exception {
        List<String> store = storeArgs(kind);
        Run first = check(store, "--build", "100", "--branch", "main", "--commit", "aaa", Run.lighthouse("desktop", "good"));
        assertThat(first.exit()).as(first.err()).isEqualTo(ExitStatus.INCONCLUSIVE); // nothing to compare with yet
        assertThat(first.out()).contains("no baseline");

        Run second = check(store, "--build", "101", "--branch", "feature/x", "--format", "json", Run.lighthouse("desktop", "regressed"));
        assertThat(second.exit()).as(second.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(second.out());
        assertThat(json.get("verdict").asText()).isEqualTo("regression");
        assertThat(json.get("build").asText()).isEqualTo("101");
        assertThat(json.get("baselineBuild").asText()).isEqualTo("100");

        // the same build again: nothing duplicated, same verdict
        Run again = check(store, "--build", "101", "--branch", "feature/x", Run.lighthouse("desktop", "regressed"));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("5 run(s), 5 given now");

        // an explicit baseline: the good build against itself is refused, against 101 it improves
        assertThat(check(store, "--build", "100", "--baseline", "100", Run.lighthouse("desktop", "good")).exit()).isEqualTo(2);
        Run back = check(store, "--build", "102", "--baseline", "101", Run.lighthouse("desktop", "good"));
        assertThat(back.exit()).isZero();
        assertThat(back.out()).contains("improvement");
        assertThat(check(store, "--build", "103", "--baseline", "nope", Run.lighthouse("desktop", "good")).err())
                .contains("baseline build nope is not stored");

        List<String> list = new ArrayList<>(List.of("builds", "list", "--format", "json"));
        list.addAll(store);
        Run builds = Run.of(list.toArray(String[]::new));
        assertThat(builds.exit()).isZero();
        JsonNode arr = new ObjectMapper().readTree(builds.out());
        assertThat(arr).extracting(b -> b.get("id").asText()).containsExactly("102", "101", "100"); // 103 named a missing baseline: refused before storing
    }

    @Test
    void badInputStoresNothing() {
        List<String> store = List.of("--db", tmp.resolve("s.db").toString());
        Run r = check(store, "--build", "1", Run.lighthouse("desktop", "good"), tmp.resolve("missing.json").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing.json");
        Run list = Run.of("builds", "list", "--db", tmp.resolve("s.db").toString());
        assertThat(list.out()).contains("no builds stored");
        assertThat(check(store, "--build", "bad id!", Run.lighthouse("desktop", "good")).exit()).isEqualTo(2);
    }

    /** Two real processes checking into one SQLite file at the same moment both succeed. */
    @Test
    void twoCheckProcessesOnOneStoreBothSucceed() throws Exception {
        Path db = tmp.resolve("shared.db");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String variant = i % 2 == 0 ? "good" : "regressed";
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", cp, "dev.perfguard.app.Main", "check", "--db", db.toString(),
                    "--build", "p" + i, "--branch", "main", Run.lighthouse("mobile", variant), Run.lighthouse("desktop", variant));
            pb.redirectErrorStream(true);
            pb.redirectOutput(tmp.resolve("p" + i + ".log").toFile());
            procs.add(pb.start());
        }
        for (int i = 0; i < procs.size(); i++) {
            Process p = procs.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            File log = tmp.resolve("p" + i + ".log").toFile();
            assertThat(p.exitValue()).as(Files.readString(log.toPath(), StandardCharsets.UTF_8)).isIn(0, 1, ExitStatus.INCONCLUSIVE);
        }
        Run list = Run.of("builds", "list", "--db", db.toString(), "--format", "json");
        JsonNode arr = new ObjectMapper().readTree(list.out());
        assertThat(arr).hasSize(4);
        for (JsonNode b : arr) {
            assertThat(b.get("runs").asInt()).isEqualTo(10);
        }
    }

    @Test
    void buildsListOfABranchWithoutBuildsNamesTheBranchesThatHaveSome() {
        String db = tmp.resolve("b.db").toString();
        assertThat(Run.of("check", "--db", db, "--build", "m1", "--branch", "main", Run.lighthouse("mobile", "good")).exit())
                .isEqualTo(ExitStatus.INCONCLUSIVE); // the first build: no baseline yet
        assertThat(Run.of("check", "--db", db, "--build", "x1", "--branch", "feature/x", Run.lighthouse("mobile", "good")).exit())
                .isIn(0, 1);
        Run nope = Run.of("builds", "list", "--db", db, "--branch", "nope");
        assertThat(nope.exit()).isZero();
        assertThat(nope.out()).contains("no builds on branch nope (branches with builds: feature/x, main)")
                .doesNotContain("no builds stored");
        Run empty = Run.of("builds", "list", "--db", tmp.resolve("empty.db").toString(), "--branch", "nope");
        assertThat(empty.out()).contains("no builds stored in");
    }
}
