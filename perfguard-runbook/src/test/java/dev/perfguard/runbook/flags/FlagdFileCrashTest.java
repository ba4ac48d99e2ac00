package dev.perfguard.runbook.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs ({@link Process#destroyForcibly}) a child JVM that rewrites a flags file in a loop, at random
 * moments, and checks after each kill that the file is exactly the old or the new content, valid JSON, and
 * that the kept previous content is too. The file is large (2,000 flags) so a rewrite takes long enough to be
 * hit. At most {@link #KILLS} kills, and no more than {@link #BUDGET_NANOS} of killing.
 */
class FlagdFileCrashTest {
    static final int KILLS = 12;
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir Path tmp;

    @Test
    void aKilledRewriteLeavesTheOldOrTheNewFile() throws Exception {
        Path path = tmp.resolve("flags.json");
        StringBuilder flags = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            flags.append(i == 0 ? "" : ",").append("\"flag-").append(i).append("\": {\"state\": \"ENABLED\", \"variants\": ")
                    .append("{\"on\": true, \"off\": false}, \"defaultVariant\": \"on\", \"targeting\": {\"if\": [{\"in\": [\"beta\", {\"var\": \"groups\"}]}, \"on\", \"off\"]}}");
        }
        FlagdFile store = FlagdFile.at(path);
        store.write("{\"$schema\": \"" + FlagdFile.SCHEMA + "\", \"flags\": {" + flags + "}}");
        store.set("flag-7", false, "test");
        String off = Files.readString(path);
        store.set("flag-7", true, "test");
        String on = Files.readString(path);
        assertThat(on).isNotEqualTo(off);

        Random random = new Random(7);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int kills = 0;
        List<String> seen = new ArrayList<>();
        while (kills < KILLS && System.nanoTime() < deadline) {
            Process child = start(path);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("started");
                Thread.sleep(20 + random.nextInt(400));
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as("killed, not ended on its own").isEqualTo(137);
            kills++;
            String now = Files.readString(path);
            assertThat(now).as("after kill " + kills).isIn(on, off);
            FlagdFile.parse(path.toString(), now);
            FlagdFile.parse(store.previous().toString(), Files.readString(store.previous()));
            assertThat(store.get("flag-7")).isPresent();
            seen.add(now.equals(on) ? "on" : "off");
        }
        assertThat(kills).isGreaterThanOrEqualTo(1);
        // the leftovers of a killed rewrite are temporary files only, which a reader never opens
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.equals("flags.json") || n.equals("flags.json.prev") || n.equals("child.err") || n.equals(".flags.json.lock")
                            || n.startsWith(".flags.json.tmp-") || n.startsWith(".flags.json.prev.tmp-"));
        }
    }

    private Process start(Path path) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FlagdCrashChild.class.getName(), path.toString(), "flag-7");
        return new ProcessBuilder(cmd).redirectError(tmp.resolve("child.err").toFile()).start();
    }
}
