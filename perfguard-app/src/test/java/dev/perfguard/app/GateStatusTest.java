package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.cli.ExitStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "a gate that checked nothing must not pass": input with nothing in it is bad input (exit 2,
 * nothing stored), and a gate that could not reach a verdict exits {@link ExitStatus#INCONCLUSIVE} unless
 * {@code --fail-on regression} accepts it.
 */
class GateStatusTest {
    @TempDir Path tmp;

    private String db() {
        return tmp.resolve("store.db").toString();
    }

    private Path emptyDir() throws IOException {
        return Files.createDirectories(tmp.resolve("empty"));
    }

    @Test
    void checkOfAnEmptyFolderIsBadInputAndStoresNothing() throws IOException {
        Path empty = emptyDir();
        Run r = Run.of("check", "--build", "b5", "--branch", "main", empty.toString(), "--db", db());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(r.err()).contains(empty.toString()).contains("no Lighthouse reports");
        assertThat(r.out()).isEmpty();
        Run list = Run.of("builds", "list", "--db", db());
        assertThat(list.out()).contains("no builds stored");
    }

    @Test
    void anEmptyBuildStoredByAnOlderVersionIsNeverTheBaseline() throws Exception {
        Run good = Run.of("check", "--build", "b4", "--branch", "main", Run.lighthouse("desktop", "good"), "--db", db());
        assertThat(good.exit()).as(good.err()).isIn(ExitStatus.OK, ExitStatus.INCONCLUSIVE);
        // what an older perfguard stored for 'check --build b5 empty/': a build row without runs, newer than b4
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                PreparedStatement st = c.prepareStatement("INSERT INTO build (id, branch, commit_sha, created_ms) VALUES ('b5', 'main', NULL, ?)")) {
            st.setLong(1, System.currentTimeMillis() + 1000);
            st.executeUpdate();
        }
        Run regressed = Run.of("check", "--build", "pr6", "--branch", "feature", Run.lighthouse("desktop", "regressed"), "--db", db(),
                "--format", "json");
        assertThat(regressed.exit()).as(regressed.out() + regressed.err()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode json = new ObjectMapper().readTree(regressed.out());
        assertThat(json.get("baselineBuild").asText()).isEqualTo("b4");

        Run named = Run.of("check", "--build", "pr7", "--branch", "feature", "--baseline", "b5", Run.lighthouse("desktop", "regressed"),
                "--db", db());
        assertThat(named.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(named.err()).contains("baseline build b5 has no usable run");
        assertThat(Run.of("builds", "list", "--db", db()).out()).doesNotContain("pr7");
    }

    @Test
    void theFirstBuildHasNothingToCompareWithAndExitsInconclusive() {
        Run first = Run.of("check", "--build", "b1", "--branch", "main", Run.lighthouse("desktop", "good"), "--db", db());
        assertThat(first.exit()).as(first.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(first.out()).contains("no baseline");
        assertThat(first.err()).contains("inconclusive").contains("--fail-on regression");
        // stored all the same: the next build has its baseline
        Run second = Run.of("check", "--build", "b2", "--branch", "main", Run.lighthouse("desktop", "good"), "--db", db());
        assertThat(second.exit()).as(second.out() + second.err()).isEqualTo(ExitStatus.OK);
        Run lenient = Run.of("check", "--build", "f1", "--branch", "main", "--baseline", "auto", "--fail-on", "regression",
                Run.lighthouse("mobile", "good"), "--db", tmp.resolve("other.db").toString());
        assertThat(lenient.exit()).as(lenient.err()).isEqualTo(ExitStatus.OK);
        assertThat(lenient.err()).contains("warning").contains("inconclusive");
    }

    @Test
    void lighthouseCompareOfEmptyFoldersIsBadInput() throws IOException {
        Path empty = emptyDir();
        Run both = Run.of("lighthouse", "compare", "--baseline", empty.toString(), "--current", empty.toString());
        assertThat(both.exit()).as(both.out() + both.err()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(both.err()).contains(empty.toString()).contains("no Lighthouse reports");
        Run current = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("desktop", "good"), "--current", empty.toString());
        assertThat(current.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(current.err()).contains(empty.toString());
    }

    @Test
    void oneRunAgainstOneRunIsInconclusiveNotAPass() {
        String base = Run.lighthouse("desktop", "good") + "/run-1.json";
        String cur = Run.lighthouse("desktop", "regressed") + "/run-1.json";
        Run r = Run.of("lighthouse", "compare", "--baseline", base, "--current", cur);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(r.out()).startsWith("perfguard lighthouse: INCONCLUSIVE");
        assertThat(r.err()).contains("inconclusive");
        Run lenient = Run.of("lighthouse", "compare", "--baseline", base, "--current", cur, "--fail-on", "regression");
        assertThat(lenient.exit()).isEqualTo(ExitStatus.OK);
        assertThat(lenient.err()).contains("warning");
        assertThat(Run.of("lighthouse", "compare", "--baseline", base, "--current", cur, "--fail-on", "sometimes").exit())
                .isEqualTo(ExitStatus.BAD_INPUT);
    }

    @Test
    void telemetryWithPrometheusUnreachableIsInconclusive() throws IOException {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = tmp.resolve("perfguard.yaml");
        Files.writeString(cfg, """
                telemetry:
                  prometheus: http://127.0.0.1:%d
                  timeout: 2s
                  expectations:
                    - name: search p95 latency
                      query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__window])))
                      max: 0.3
                    - name: online nDCG@10
                      query: avg_over_time(rag_online_ndcg_at_10[$__window])
                      min: 0.6
                """.formatted(port));
        Run down = Run.of("telemetry", "check", "--config", cfg.toString(), "--at", "2026-11-21T04:30:00Z");
        assertThat(down.exit()).as(down.out() + down.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        assertThat(down.out()).contains("2 error of 2 expectations");
        assertThat(down.err()).contains("inconclusive").contains("2 of 2 expectations could not be evaluated");
        Run lenient = Run.of("telemetry", "check", "--config", cfg.toString(), "--at", "2026-11-21T04:30:00Z", "--fail-on", "regression");
        assertThat(lenient.exit()).isEqualTo(ExitStatus.OK);
        assertThat(lenient.err()).contains("warning");
    }

    /** The help of every gate names exit 5 and --fail-on, as the README's table does. */
    @Test
    void everyGateHelpNamesTheInconclusiveStatus() {
        for (String[] cmd : new String[][] {{"check"}, {"ingest"}, {"lighthouse", "compare"}, {"rag-eval", "compare"}, {"telemetry", "check"}}) {
            String[] args = new String[cmd.length + 1];
            System.arraycopy(cmd, 0, args, 0, cmd.length);
            args[cmd.length] = "--help";
            Run help = Run.of(args);
            assertThat(help.exit()).isZero();
            assertThat(help.out()).as(String.join(" ", cmd)).contains("5: inconclusive").contains("--fail-on");
        }
    }
}
