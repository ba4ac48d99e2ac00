package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner CiExamplesRunTest runs the CI examples with, on small jobs of plain shell. */
class CiJobRunnerTest {
    @TempDir Path tmp;

    @Test
    void expressionsAsTheExamplesWriteThem() {
        Map<String, String> ctx = Map.of("github.ref_name", "7/merge", "github.head_ref", "faster-hero", "github.event_name", "push");
        assertThat(CiJobRunner.evaluate("github.head_ref || github.ref_name", ctx, false)).isEqualTo("faster-hero");
        assertThat(CiJobRunner.evaluate("github.base_ref || github.ref_name", ctx, false)).isEqualTo("7/merge");
        assertThat(CiJobRunner.evaluate("vars.PERF_PORT || '8080'", ctx, false)).isEqualTo("8080");
        assertThat(CiJobRunner.evaluate("github.event_name == 'pull_request'", ctx, false)).isEqualTo("false");
        assertThat(CiJobRunner.substitute("exit ${{ steps.check.outputs.status }}", Map.of("steps.check.outputs.status", "5")))
                .isEqualTo("exit 5");
        assertThatThrownBy(() -> CiJobRunner.evaluate("contains(github.ref, 'main')", ctx, false))
                .hasMessageContaining("does not know 'contains(github.ref, 'main')'");
        assertThat(CiJobRunner.expand("$CI_COMMIT_REF_NAME-${CI_PIPELINE_ID}", Map.of("CI_COMMIT_REF_NAME", "b", "CI_PIPELINE_ID", "9")))
                .isEqualTo("b-9");
    }

    @Test
    void gitHubStepsShareOutputsEnvAndStopAtAFailureButForAlways() throws Exception {
        Path wf = Files.writeString(tmp.resolve("wf.yml"), """
                jobs:
                  j:
                    env: { GREETING: "${{ vars.GREETING || 'hello' }}" }
                    steps:
                      - uses: actions/checkout@v4
                      - id: a
                        run: echo "word=$GREETING" >> "$GITHUB_OUTPUT"; echo "LATER=set" >> "$GITHUB_ENV"
                      - name: b
                        run: test "${{ steps.a.outputs.word }}" = hello && test "$LATER" = set && test "$PWD" = "$GITHUB_WORKSPACE"
                      - name: fails
                        run: exit 3
                      - name: skipped
                        run: echo never
                      - name: always
                        if: always()
                        run: echo always ran
                """);
        Path work = Files.createDirectories(tmp.resolve("work"));
        CiJobRunner.JobResult r = CiJobRunner.gitHub(wf, "j", Map.of(), Map.of("PATH", System.getenv("PATH"), "GITHUB_WORKSPACE", work.toString()),
                work, Files.createDirectories(tmp.resolve("temp")), (uses, with, ws, env) -> "nothing");
        assertThat(r.steps().stream().map(s -> s.name() + "=" + s.exit()).toList())
                .isEqualTo(List.of("actions/checkout@v4=0", "step 2=0", "b=0", "fails=3", "skipped=-1", "always=0"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.log()).contains("always ran").doesNotContain("never");
        assertThat(r.replaced()).containsExactly("actions/checkout@v4 -> nothing");
    }

    @Test
    void aGitLabScriptIsOneShellAndWhatItLeftRunningEnds() throws Exception {
        Path ci = Files.writeString(tmp.resolve("gl.yml"), """
                job:
                  variables: { WHO: "$CI_COMMIT_REF_NAME", KEEP: job }
                  before_script:
                    - export FROM_BEFORE=yes
                  script:
                    - (sleep 287 &) && echo "$WHO $KEEP $FROM_BEFORE"
                    - false
                    - echo not reached
                """);
        CiJobRunner.JobResult r = CiJobRunner.gitLab(ci, "job", Map.of("PATH", System.getenv("PATH"), "CI_COMMIT_REF_NAME", "b1"),
                Map.of("KEEP", "project"), tmp);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.log()).contains("b1 project yes").doesNotContain("not reached");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("/sleep")
                        && List.of(p.info().arguments().orElse(new String[0])).equals(List.of("287"))).count())
                .as("the job's background sleep was ended").isZero();
    }
}
