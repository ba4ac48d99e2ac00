package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.runbook.store.LocalPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The CI examples run: {@code examples/ci/github-actions.yml}'s job and {@code examples/ci/gitlab-ci.yml}'s
 * job execute their shell on this machine ({@link CiJobRunner}), against a tiny static site the job
 * builds and serves on a loopback port, with Lighthouse 13 five times (the desktop preset alone, through
 * the examples' {@code PERF_PRESETS} variable) and {@code perfguard check} on a PostgreSQL of the test's own.
 * In order, as a project's history goes: a push to main (the first build: no baseline, exit 5), a pull
 * request with the same page (exit 0), a merge request that makes the page heavy (exit 1).
 *
 * <p>Replaced by their local equivalent, and printed: {@code actions/checkout} (the workspace is a copy of
 * the test's site), {@code actions/setup-java} (the JDK {@code scripts/lib.sh} finds), {@code actions/setup-node}
 * (the machine's node), the PR comment, test tab and artefact actions (the files they would take are checked
 * instead), the GitLab image's {@code apt-get} (the machine's packages), {@code git clone} of perfguard (a
 * launcher of the classes under test, on that JDK), the runner's Chrome (Debian's chromium, with
 * {@code --no-sandbox} when run as root). npm runs offline from the cache {@code scripts/ci-examples-tools}
 * fills (the examples' {@code npx --yes} packages, installed with {@code @lhci/cli}); the jobs use loopback only.
 * Runs where node, npm and chromium are installed; with {@code PERFGUARD_REQUIRE_LHCI=1} their absence fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CiExamplesRunTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CI = ROOT.resolve("examples/ci");
    private static final Path SITE = Path.of("src/test/resources/ci-examples").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GITHUB_REPLACED = List.of(
            "actions/checkout@v4", "actions/setup-java@v4", "actions/setup-node@v4", "PR comment", "Test tab", "actions/upload-artifact@v4");

    @TempDir static Path tmp;
    private static LocalPostgres pg;
    private static Map<String, String> machine;
    private static Path standIns;
    private static String javaHome;
    private static long started;

    @BeforeAll
    static void prepare() throws Exception {
        started = System.nanoTime();
        boolean required = "1".equals(System.getenv("PERFGUARD_REQUIRE_LHCI"));
        boolean tools = onPath("node") && onPath("npm") && Files.isExecutable(chromium());
        if (required) {
            assertThat(tools).as("PERFGUARD_REQUIRE_LHCI=1 but node, npm or chromium (" + chromium() + ") is missing").isTrue();
        }
        assumeTrue(tools, "node, npm or chromium is not installed: the CI examples' Lighthouse cannot run");
        String npmCache = lastLine(run(ROOT.resolve("scripts/ci-examples-tools").toString()));
        javaHome = lastLine(run("bash", "-c", ". scripts/lib.sh && perfguard_find_jdk >&2 && printf '%s\\n' \"$PERFGUARD_JAVA_HOME\""));
        pg = LocalPostgres.start();

        standIns = Files.createDirectories(tmp.resolve("stand-ins"));
        Path launcher = standIns.resolve("perfguard-launcher");
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                # perfguard as the clone's launcher would run it: the classes under test, on the JDK scripts/lib.sh found
                exec '%s/bin/java' -XX:TieredStopAtLevel=1 -cp '%s' dev.perfguard.app.Main "$@"
                """.formatted(javaHome, System.getProperty("java.class.path")));
        Files.writeString(standIns.resolve("git"), """
                #!/usr/bin/env bash
                # the job's `git clone URL DIR` of perfguard: DIR gets the launcher of the perfguard under test
                [ "$1" = clone ] || { echo "git stand-in: only clone is known, got: $*" >&2; exit 2; }
                dest="${@: -1}"; mkdir -p "$dest" && cp '%s' "$dest/perfguard"
                echo "git stand-in: $* -> the perfguard under test" >&2
                """.formatted(launcher));
        Files.writeString(standIns.resolve("apt-get"), """
                #!/usr/bin/env bash
                # the image's packages are this machine's
                echo "apt-get stand-in: $*" >&2
                """);
        Files.writeString(standIns.resolve("chrome"), """
                #!/usr/bin/env bash
                # the runner's Chrome: Debian's chromium, which refuses to start as root without --no-sandbox
                if [ "$(id -u)" = 0 ]; then exec '%1$s' --no-sandbox "$@"; else exec '%1$s' "$@"; fi
                """.formatted(chromium()));
        try (Stream<Path> files = Files.list(standIns)) {
            for (Path f : files.toList()) {
                f.toFile().setExecutable(true);
            }
        }
        machine = new LinkedHashMap<>();
        machine.put("PATH", standIns + ":" + System.getenv("PATH"));
        machine.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        machine.put("LANG", "C.UTF-8");
        machine.put("CI", "true");
        // npm from the cache the install filled, never the registry: the jobs use loopback only
        machine.put("npm_config_cache", npmCache);
        machine.put("npm_config_offline", "true");
        machine.put("npm_config_update_notifier", "false");
        machine.put("npm_config_loglevel", "error");
        System.out.printf("CiExamplesRunTest: npm cache %s, JDK %s, node %s, chromium %s, PostgreSQL %s%n",
                npmCache, javaHome, lastLine(run("node", "--version")), chromium(), pg.jdbcUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
        System.out.printf("CiExamplesRunTest: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    @Order(1)
    void gitHubWorkflowOnAPushToMainStoresTheFirstBuildWithoutABaseline() throws Exception {
        CiJobRunner.JobResult r = gitHub("push", "main", "", "101", false);
        assertThat(r.step("Gate").exit()).as(r.log()).isEqualTo(5);
        Path metrics = tmp.resolve("gh-101/work/perf_metrics");
        assertThat(Files.readString(metrics.resolve("report.md"))).contains("no baseline");
        assertThat(r.step("PR comment").exit()).as("no PR comment on a push").isEqualTo(-1);
    }

    @Test
    @Order(2)
    void gitHubWorkflowOnAPullRequestWithTheSamePagePasses() throws Exception {
        CiJobRunner.JobResult r = gitHub("pull_request", "7/merge", "faster-hero", "102", false);
        assertThat(r.step("Gate").exit()).as(r.log()).isZero();
        assertThat(r.step("PR comment").replacedBy()).as("the comment's file is checked").contains("report.md");
    }

    @Test
    @Order(3)
    void gitLabJobOnAMergeRequestThatMakesThePageHeavyFails() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("gl-203/project"));
        copySite(project, true);
        Path builds = Files.createDirectories(tmp.resolve("gl-203/builds"));
        Map<String, String> predefined = new LinkedHashMap<>(machine);
        predefined.putAll(Map.of("GITLAB_CI", "true", "CI_PIPELINE_ID", "203", "CI_JOB_ID", "2031", "CI_COMMIT_SHA", sha("203"),
                "CI_COMMIT_REF_NAME", "heavy-hero", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "heavy-hero",
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main", "CI_PROJECT_DIR", project.toString(), "CI_BUILDS_DIR", builds.toString(),
                "CI_JOB_NAME", "perf"));
        Map<String, String> project_ = Map.of("PERFGUARD_JDBC", pg.jdbcUrl(), "PERF_PORT", Integer.toString(freePort()),
                "PERF_PRESETS", "desktop", "PERFGUARD_HOME", builds.resolve("perfguard").toString());
        long t0 = System.nanoTime();
        CiJobRunner.JobResult r = CiJobRunner.gitLab(CI.resolve("gitlab-ci.yml"), "perf", predefined, project_, project);
        System.out.printf("GitLab perf job, merge request heavy-hero: %.1f s, exit %d%n  replaced locally: apt-get (the machine's"
                + " packages), git clone (the perfguard under test)%n", (System.nanoTime() - t0) / 1e9, r.exit());
        assertThat(r.log()).contains("apt-get stand-in: install", "git stand-in: clone");

        JsonNode job = CiJobRunner.gitLabJob(CI.resolve("gitlab-ci.yml"), "perf");
        Path junit = project.resolve(job.path("artifacts").path("reports").path("junit").asText());
        assertThat(r.exit()).as(r.log()).isEqualTo(1);
        Path metrics = project.resolve("perf_metrics");
        for (JsonNode path : job.path("artifacts").path("paths")) {
            assertThat(project.resolve(path.asText())).as("an artefact path").exists();
        }
        assertFiveLighthouseRuns(metrics, project_.get("PERF_PORT"));
        Element suite = junit(junit, true);
        assertThat(Integer.parseInt(suite.getAttribute("failures"))).as("a failure in the MR widget").isPositive();
        assertThat(Files.readString(metrics.resolve("report.md"))).contains("**regression**", "5 baseline and 5 current runs");
        assertThat(Files.readString(junit)).contains("total-blocking-time");
    }

    /** One run of the GitHub workflow's job, its files checked and what it replaced printed. */
    private static CiJobRunner.JobResult gitHub(String event, String refName, String headRef, String runId, boolean heavy) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("gh-" + runId + "/work"));
        Path runnerTemp = Files.createDirectories(tmp.resolve("gh-" + runId + "/temp"));
        String port = Integer.toString(freePort());
        Map<String, String> context = new LinkedHashMap<>();
        context.put("github.event_name", event);
        context.put("github.ref_name", refName);
        context.put("github.head_ref", headRef);
        context.put("github.sha", sha(runId));
        context.put("github.run_id", runId);
        context.put("vars.PERF_PORT", port);
        context.put("vars.PERF_PRESETS", "desktop");
        context.put("secrets.PERFGUARD_JDBC", pg.jdbcUrl());
        Map<String, String> env = new LinkedHashMap<>(machine);
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", work.toString());
        env.put("GITHUB_EVENT_NAME", event);
        env.put("GITHUB_SHA", sha(runId));
        env.put("GITHUB_REF_NAME", refName);
        env.put("GITHUB_REF", event.equals("pull_request") ? "refs/pull/" + refName : "refs/heads/" + refName);
        env.put("GITHUB_HEAD_REF", headRef);
        env.put("GITHUB_BASE_REF", event.equals("pull_request") ? "main" : "");
        env.put("GITHUB_RUN_ID", runId);
        env.put("GITHUB_RUN_NUMBER", runId);
        env.put("GITHUB_REPOSITORY", "your-org/site");
        env.put("GITHUB_STEP_SUMMARY", Files.createFile(runnerTemp.resolve("step-summary.md")).toString());
        env.put("RUNNER_TEMP", runnerTemp.toString());
        env.put("RUNNER_OS", "Linux");
        env.put("CHROME_PATH", standIns.resolve("chrome").toString());

        long t0 = System.nanoTime();
        CiJobRunner.JobResult r = CiJobRunner.gitHub(CI.resolve("github-actions.yml"), "lighthouse", context, env, work, runnerTemp,
                (uses, with, workspace, stepEnv) -> local(uses, with, workspace, stepEnv, heavy, event));
        System.out.printf("GitHub lighthouse job, %s %s: %.1f s, step exits %s%n  replaced locally: %s%n", event,
                headRef.isEmpty() ? refName : headRef, (System.nanoTime() - t0) / 1e9,
                r.steps().stream().map(s -> s.name() + "=" + (s.exit() < 0 ? "skipped" : s.exit())).toList(), String.join("; ", r.replaced()));
        List<String> replaced = r.steps().stream().filter(s -> s.replacedBy() != null).map(CiJobRunner.StepResult::name).toList();
        List<String> expected = new ArrayList<>(GITHUB_REPLACED);
        if (!event.equals("pull_request")) {
            expected.remove("PR comment");
        }
        assertThat(replaced).as("the uses: steps, each replaced").isEqualTo(expected);
        assertThat(r.log()).contains("git stand-in: clone");
        for (String step : List.of("Build and serve the site", "Lighthouse, five runs per form factor", "Fetch perfguard", "perfguard check")) {
            assertThat(r.step(step).exit()).as(step + "\n" + r.log()).isZero();
        }
        Path metrics = work.resolve("perf_metrics");
        assertFiveLighthouseRuns(metrics, port);
        junit(metrics.resolve("junit.xml"), !event.equals("push"));
        assertThat(Files.readString(metrics.resolve("report.md"))).as("the five runs were stored and judged")
                .contains("5 run(s), 5 given now", event.equals("push") ? "no baseline" : "5 baseline and 5 current runs");
        String verdict = verdict(Files.readString(metrics.resolve("report.md")));
        assertThat(r.step("Gate").exit()).as("the gate's exit for verdict " + verdict)
                .isEqualTo(switch (verdict) { case "pass" -> 0; case "regression" -> 1; default -> 5; });
        return r;
    }

    /** The local equivalent of a {@code uses:} step; what it did, for the output. */
    private static String local(String uses, JsonNode with, Path workspace, Map<String, String> env, boolean heavy, String event)
            throws IOException {
        String action = uses.substring(0, uses.indexOf('@'));
        return switch (action) {
            case "actions/checkout" -> {
                copySite(workspace, heavy);
                yield "workspace = a copy of the test's site";
            }
            case "actions/setup-java" -> {
                env.put("JAVA_HOME", javaHome);
                env.put("PATH", javaHome + "/bin:" + env.get("PATH"));
                yield "the JDK scripts/lib.sh finds, " + javaHome;
            }
            case "actions/setup-node" -> "the machine's node";
            case "marocchino/sticky-pull-request-comment" -> {
                Path body = workspace.resolve(with.path("path").asText());
                assertThat(Files.readString(body)).as("the PR comment, " + body).startsWith("#");
                yield "the comment's file, " + with.path("path").asText() + ", checked as Markdown";
            }
            case "mikepenz/action-junit-report" -> {
                junit(workspace.resolve(with.path("report_paths").asText()), !event.equals("push"));
                yield with.path("report_paths").asText() + " parsed as JUnit";
            }
            case "actions/upload-artifact" -> {
                assertThat(workspace.resolve(with.path("path").asText())).isDirectory();
                yield "the artefact folder " + with.path("path").asText() + " kept in the test's temporary folder";
            }
            default -> throw new AssertionError("a uses: step with no local equivalent: " + uses + " (event " + event + ")");
        };
    }

    private static void copySite(Path dest, boolean heavy) throws IOException {
        Path site = SITE.resolve("site");
        try (Stream<Path> all = Files.walk(site)) {
            for (Path p : all.toList()) {
                Path to = dest.resolve(site.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (heavy) {
            Files.copy(SITE.resolve("heavy/index.html"), dest.resolve("src/index.html"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void assertFiveLighthouseRuns(Path metrics, String port) throws IOException {
        for (int i = 1; i <= 5; i++) {
            JsonNode lhr = JSON.readTree(metrics.resolve("desktop/run-" + i + ".json").toFile());
            assertThat(lhr.path("lighthouseVersion").asText()).startsWith("13.");
            assertThat(lhr.path("requestedUrl").asText()).isEqualTo("http://localhost:" + port + "/");
            assertThat(lhr.path("configSettings").path("formFactor").asText()).isEqualTo("desktop");
            assertThat(lhr.path("runtimeError").isMissingNode()).as("run " + i + ": " + lhr.path("runtimeError")).isTrue();
        }
        try (Stream<Path> presets = Files.list(metrics)) {
            assertThat(presets.filter(Files::isDirectory).map(p -> p.getFileName().toString())).containsExactly("desktop");
        }
    }

    /**
     * Parses a JUnit report; its root suite (or the first suite of a testsuites root). A build compared with
     * a baseline has test cases; the first build of main has none (nothing was compared).
     */
    private static Element junit(Path file, boolean compared) throws IOException {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            Element root = doc.getDocumentElement();
            assertThat(root.getTagName()).as(file.toString()).isIn("testsuites", "testsuite");
            Element suite = root.getTagName().equals("testsuite") ? root : (Element) root.getElementsByTagName("testsuite").item(0);
            int cases = suite.getElementsByTagName("testcase").getLength();
            if (compared) {
                assertThat(cases).as("test cases in " + file).isPositive();
            }
            assertThat(Integer.parseInt(suite.getAttribute("tests"))).as("tests= of " + file).isEqualTo(cases);
            assertThat(Integer.parseInt(suite.getAttribute("failures")))
                    .isEqualTo(suite.getElementsByTagName("failure").getLength());
            return suite;
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError(file + " is not XML: " + e.getMessage() + "\n" + Files.readString(file), e);
        }
    }

    private static String verdict(String markdown) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("perfguard Lighthouse check: \\*\\*(\\w+)\\*\\*").matcher(markdown);
        if (!m.find()) {
            throw new AssertionError("no verdict in the report:\n" + markdown);
        }
        return m.group(1);
    }

    private static String sha(String seed) {
        return String.format("%040x", new java.math.BigInteger(seed));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path chromium() {
        String env = System.getenv("CHROME_PATH");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
    }

    private static boolean onPath(String cmd) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, cmd)));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
