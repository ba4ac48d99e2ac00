package dev.perfguard.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the shell of a CI example on this machine, as a GitHub runner or a GitLab runner would: the
 * GitHub job's {@code run:} steps in order with the workflow's {@code env:} and the variables a runner
 * sets, the {@code uses:} steps done by their local equivalent ({@link Local}); the GitLab job's
 * {@code before_script} and {@code script} as one bash script, then {@code after_script}. Each step runs
 * in a session of its own, and every process a job left behind (the site's server) is ended with it, as
 * the runners do.
 */
final class CiJobRunner {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern GITLAB_VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

    private CiJobRunner() {}

    /** What the runner does instead of a step it cannot do here; returns what it did, for the test's output. */
    interface Local {
        String replace(String uses, JsonNode with, Path workspace, Map<String, String> env) throws IOException;
    }

    /** One step's outcome: its name, exit status (-1: skipped by its condition) and whether it was replaced. */
    record StepResult(String name, int exit, String replacedBy) {}

    record JobResult(List<StepResult> steps, int exit, String log) {
        StepResult step(String name) {
            return steps.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + name + " in " + steps));
        }

        List<String> replaced() {
            return steps.stream().filter(s -> s.replacedBy() != null).map(s -> s.name() + " -> " + s.replacedBy()).toList();
        }
    }

    /**
     * Runs job {@code job} of the workflow {@code file}. {@code context} holds the expression contexts as
     * dotted keys ({@code github.event_name}, {@code vars.PERF_PORT}, {@code secrets.PERFGUARD_JDBC},
     * {@code inputs.x}); {@code runnerEnv} is the environment the runner gives every step.
     */
    static JobResult gitHub(Path file, String job, Map<String, String> context, Map<String, String> runnerEnv, Path workspace,
            Path runnerTemp, Local local) throws IOException, InterruptedException {
        JsonNode j = YAML.readTree(file.toFile()).path("jobs").path(job);
        if (j.isMissingNode()) {
            throw new IllegalArgumentException(file + ": no job '" + job + "'");
        }
        Map<String, String> ctx = new LinkedHashMap<>(context);
        Map<String, String> jobEnv = new LinkedHashMap<>(runnerEnv);
        j.path("env").properties().forEach(e -> jobEnv.put(e.getKey(), substitute(e.getValue().asText(), ctx)));
        jobEnv.forEach((k, v) -> ctx.put("env." + k, v));
        List<StepResult> results = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        List<Long> sessions = new ArrayList<>();
        boolean failed = false;
        int jobExit = 0;
        try {
            int n = 0;
            for (JsonNode step : j.path("steps")) {
                n++;
                String uses = step.path("uses").asText(null);
                String name = step.path("name").asText(uses != null ? uses : "step " + n);
                String condition = step.path("if").asText(null);
                boolean run = condition == null ? !failed : truthy(evaluate(condition.replaceAll("^\\$\\{\\{\\s*|\\s*}}$", ""), ctx, failed));
                if (!run) {
                    results.add(new StepResult(name, -1, null));
                    continue;
                }
                Map<String, String> env = new LinkedHashMap<>(jobEnv);
                step.path("env").properties().forEach(e -> env.put(e.getKey(), substitute(e.getValue().asText(), ctx)));
                if (uses != null) {
                    JsonNode with = substituteAll(step.path("with"), ctx);
                    String did = local.replace(uses, with, workspace, env);
                    log.append("== ").append(name).append(" (replaced: ").append(did).append(")\n");
                    if (uses.startsWith("actions/setup-")) {
                        // a setup action's tools are on the PATH of every later step
                        jobEnv.put("PATH", env.get("PATH"));
                        env.forEach((k, v) -> jobEnv.putIfAbsent(k, v));
                    }
                    results.add(new StepResult(name, 0, did));
                    continue;
                }
                Path output = Files.createTempFile(runnerTemp, "output", "");
                Path envFile = Files.createTempFile(runnerTemp, "env", "");
                Path pathFile = Files.createTempFile(runnerTemp, "path", "");
                env.put("GITHUB_OUTPUT", output.toString());
                env.put("GITHUB_ENV", envFile.toString());
                env.put("GITHUB_PATH", pathFile.toString());
                Path script = Files.createTempFile(runnerTemp, "step", ".sh");
                Files.writeString(script, substitute(step.path("run").asText(), ctx));
                log.append("== ").append(name).append('\n');
                // a run step without shell: on Linux runners is `bash -e {0}`
                int exit = bash(List.of("bash", "-e", script.toString()), env, workspace, log, sessions);
                outputs(output).forEach((k, v) -> ctx.put("steps." + step.path("id").asText("") + ".outputs." + k, v));
                // what a step writes to GITHUB_ENV and GITHUB_PATH holds for the later steps
                outputs(envFile).forEach((k, v) -> {
                    jobEnv.put(k, v);
                    ctx.put("env." + k, v);
                });
                for (String dir : Files.readAllLines(pathFile).reversed()) {
                    if (!dir.isBlank()) {
                        jobEnv.put("PATH", dir.strip() + ":" + jobEnv.get("PATH"));
                    }
                }
                results.add(new StepResult(name, exit, null));
                if (exit != 0) {
                    failed = true;
                    jobExit = jobExit == 0 ? exit : jobExit;
                }
            }
        } finally {
            endSessions(sessions);
        }
        return new JobResult(results, jobExit, log.toString());
    }

    /**
     * Runs job {@code job} of the GitLab file: its {@code variables} (expanded, {@code projectVariables}
     * winning, as CI/CD settings do), {@code before_script} and {@code script} in one bash, then
     * {@code after_script} in another. Lines {@code replace} accepts are done by the runner instead.
     */
    static JobResult gitLab(Path file, String job, Map<String, String> predefined, Map<String, String> projectVariables,
            Path projectDir) throws IOException, InterruptedException {
        JsonNode j = YAML.readTree(file.toFile()).path(job);
        if (j.isMissingNode()) {
            throw new IllegalArgumentException(file + ": no job '" + job + "'");
        }
        Map<String, String> env = new LinkedHashMap<>(predefined);
        j.path("variables").properties().forEach(e -> env.put(e.getKey(), expand(e.getValue().asText(), env)));
        env.putAll(projectVariables);
        StringBuilder log = new StringBuilder();
        List<StepResult> results = new ArrayList<>();
        List<Long> sessions = new ArrayList<>();
        int exit;
        try {
            Path script = Files.createTempFile("gitlab-job", ".sh");
            StringBuilder sh = new StringBuilder("set -eo pipefail\nset +o noclobber\n");
            for (String section : List.of("before_script", "script")) {
                for (JsonNode line : j.path(section)) {
                    sh.append(line.asText()).append('\n');
                }
            }
            Files.writeString(script, sh);
            log.append("== before_script, script\n");
            exit = bash(List.of("bash", script.toString()), env, projectDir, log, sessions);
            results.add(new StepResult("script", exit, null));
            if (j.has("after_script")) {
                StringBuilder after = new StringBuilder("set -eo pipefail\n");
                j.path("after_script").forEach(line -> after.append(line.asText()).append('\n'));
                Files.writeString(script, after);
                env.put("CI_JOB_STATUS", exit == 0 ? "success" : "failed");
                results.add(new StepResult("after_script", bash(List.of("bash", script.toString()), env, projectDir, log, sessions), null));
            }
            Files.delete(script);
        } finally {
            endSessions(sessions);
        }
        return new JobResult(results, exit, log.toString());
    }

    /** The GitLab job's {@code artifacts} node. */
    static JsonNode gitLabJob(Path file, String job) throws IOException {
        return YAML.readTree(file.toFile()).path(job);
    }

    private static int bash(List<String> command, Map<String, String> env, Path cwd, StringBuilder log, List<Long> sessions)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("ci-step", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        sessions.add(p.pid());
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        log.append(Files.readString(out, StandardCharsets.UTF_8));
        Files.delete(out);
        if (!done) {
            log.append("(the step did not end within 15 minutes)\n");
            return 124;
        }
        return p.exitValue();
    }

    /** Ends every process of the sessions the job's steps ran in (what a step started in the background). */
    private static void endSessions(List<Long> sessions) throws InterruptedException {
        for (long sid : sessions) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(ph -> session(ph.pid()) == sid).toList();
            left.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (ProcessHandle ph : left) {
                try {
                    ph.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException stillRunning) {
                    // ended by force below
                }
                ph.destroyForcibly();
            }
        }
    }

    private static long session(long pid) {
        try {
            // /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces, so count from ')'
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, String> outputs(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                StringBuilder v = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).equals(delimiter)) {
                    v.append(v.isEmpty() ? "" : "\n").append(lines.get(i));
                }
                m.put(line.substring(0, heredoc), v.toString());
            } else if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    static String substitute(String text, Map<String, String> ctx) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(evaluate(m.group(1), ctx, false)));
        }
        return m.appendTail(sb).toString();
    }

    private static JsonNode substituteAll(JsonNode with, Map<String, String> ctx) {
        var copy = YAML.createObjectNode();
        with.properties().forEach(e -> copy.put(e.getKey(), substitute(e.getValue().asText(), ctx)));
        return copy;
    }

    /**
     * The expressions the examples use: context values ({@code github.head_ref}, {@code vars.X},
     * {@code steps.ID.outputs.X}; missing ones are empty), {@code 'literals'}, {@code ==}, {@code ||} and
     * {@code always()}. Anything else is an error naming the expression, so an example that grows past
     * what this runner knows fails the test instead of running differently.
     */
    static String evaluate(String expr, Map<String, String> ctx, boolean failed) {
        String last = "";
        for (String part : splitOutsideQuotes(expr, "||")) {
            last = operand(part.trim(), expr, ctx, failed);
            if (truthy(last)) {
                return last;
            }
        }
        return last;
    }

    private static String operand(String s, String expr, Map<String, String> ctx, boolean failed) {
        List<String> eq = splitOutsideQuotes(s, "==");
        if (eq.size() == 2) {
            return Boolean.toString(operand(eq.get(0).trim(), expr, ctx, failed).equals(operand(eq.get(1).trim(), expr, ctx, failed)));
        }
        if (s.equals("always()")) {
            return "true";
        }
        if (s.equals("success()")) {
            return Boolean.toString(!failed);
        }
        if (s.equals("failure()")) {
            return Boolean.toString(failed);
        }
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.matches("(github|vars|secrets|inputs|env|steps)(\\.[\\w-]+)+")) {
            return ctx.getOrDefault(s, "");
        }
        throw new IllegalArgumentException("expression '" + expr + "': this runner does not know '" + s + "'");
    }

    private static List<String> splitOutsideQuotes(String s, String op) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'') {
                quoted = !quoted;
            } else if (!quoted && s.startsWith(op, i)) {
                parts.add(s.substring(start, i));
                start = i + op.length();
                i += op.length() - 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    static boolean truthy(String v) {
        return !v.isEmpty() && !v.equals("false") && !v.equals("0");
    }

    /** GitLab's expansion of {@code $NAME} and {@code ${NAME}} in a variable's value; unknown names become empty. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = GITLAB_VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(name, "")));
        }
        return m.appendTail(sb).toString();
    }
}
