package dev.perfguard.app.cli.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output file trec_eval produced for the shared fixtures, reproduced through the CLI: the
 * lines of the measures perfguard implements, byte for byte and in order; for runs trec_eval
 * rejects, the same rejection (perfguard exits 2 for bad input where trec_eval exits 4).
 */
class TrecEvalGoldenTest {
    static final Path FIXTURES = Path.of(System.getProperty("perfguard.fixtures", "../../shared/fixtures")).resolve("rag_eval");
    static final List<String> STD = List.of("-m", "map", "-m", "P.5,10", "-m", "recall.10,100", "-m", "ndcg_cut.10",
            "-m", "recip_rank", "-m", "Rprec", "-m", "success.1,5,10", "-m", "ndcg");
    static final Pattern EXPECTED = Pattern.compile("(.+)\\.(std|all_trec)((?:\\.q)?)((?:\\.c)?)((?:-l2|-M10|-J)?)\\.txt");
    static final AtomicInteger FILES = new AtomicInteger();
    static final AtomicInteger LINES = new AtomicInteger();
    static final AtomicInteger SKIPPED = new AtomicInteger();

    record Case(String name, Path expected, Path err, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        Path t = FIXTURES.resolve("trec_eval_tests");
        String q = t.resolve("qrels.test").toString();
        String r = t.resolve("results.test").toString();
        String trunc = t.resolve("results.trunc").toString();
        Map<String, List<String>> commands = Map.of(
                "out.test", List.of("--skip-missing", "--qrels", q, "--run", r),
                "out.test.a", List.of("--skip-missing", "-m", "all_trec", "--qrels", q, "--run", r),
                "out.test.aq", List.of("--skip-missing", "-m", "all_trec", "-q", "--qrels", q, "--run", r),
                "out.test.aqc", List.of("-m", "all_trec", "-q", "-c", "--qrels", q, "--run", trunc),
                "out.test.aqcM", List.of("-m", "all_trec", "-q", "-c", "-M100", "--qrels", q, "--run", trunc),
                "out.test.aql", List.of("--skip-missing", "-m", "all_trec", "-mrelstring.20", "-q", "-l2",
                        "--qrels", t.resolve("qrels.rel_level").toString(), "--run", r),
                // trec_eval's own command for this file, as the fixtures README gives it
                "out.test.meas_params", List.of("--skip-missing", "-q", "-miprec_at_recall..10,.20,.25,.75,.50",
                        "-m", "P.5,7,3", "-m", "recall.20,2000", "-m", "Rprec_mult.5.0,0.2,0.35",
                        "-mutility.2,-1,0,0", "-m", "11pt_avg..25,.5,.75", "-mndcg.1=3,2=9,4=4.5", "-mndcg_cut.10,20,23.4", "-msuccess.2,5,20",
                        "--qrels", q, "--run", r));
        for (Map.Entry<String, List<String>> e : commands.entrySet()) {
            List<String> args = new ArrayList<>(List.of("--trec-eval-version", "10.0"));
            args.addAll(e.getValue());
            out.add(new Case("trec_eval_tests/" + e.getKey(), t.resolve(e.getKey()), null, args));
        }
        for (String dir : List.of("medium", "edge")) {
            Path base = FIXTURES.resolve(dir);
            try (Stream<Path> versions = Files.list(base.resolve("expected"))) {
                for (Path vdir : versions.sorted().toList()) {
                    String version = vdir.getFileName().toString().replace("trec_eval-", "");
                    try (Stream<Path> files = Files.list(vdir)) {
                        for (Path f : files.sorted().toList()) {
                            Matcher m = EXPECTED.matcher(f.getFileName().toString());
                            if (!m.matches()) {
                                continue;
                            }
                            List<String> args = new ArrayList<>(List.of("--trec-eval-version", version,
                                    "--qrels", base.resolve("qrels.txt").toString(),
                                    "--run", base.resolve(m.group(1) + ".txt").toString()));
                            args.addAll(m.group(2).equals("std") ? STD : List.of("-m", "all_trec"));
                            if (!m.group(3).isEmpty()) {
                                args.add("-q");
                            }
                            args.add(m.group(4).isEmpty() ? "--skip-missing" : "-c");
                            switch (m.group(5)) {
                                case "-l2" -> args.add("-l2");
                                case "-M10" -> args.add("-M10");
                                case "-J" -> args.add("-J");
                                default -> { }
                            }
                            Path err = vdir.resolve(f.getFileName().toString().replaceFirst("\\.txt$", ".err"));
                            out.add(new Case(dir + "/" + vdir.getFileName() + "/" + f.getFileName(), f, err, args));
                        }
                    }
                }
            }
        }
        out.sort((a, b) -> a.name.compareTo(b.name));
        assertThat(out).hasSizeGreaterThanOrEqualTo(7 + 64);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesTrecEval(Case c) throws IOException {
        List<String> argv = new ArrayList<>(List.of("rag-eval", "evaluate"));
        argv.addAll(c.args());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Run.cli(new PrintWriter(out), new PrintWriter(err), Map.of()).execute(argv.toArray(String[]::new));
        int expectedRc = 0;
        String expectedErr = "";
        if (c.err() != null) {
            List<String> errLines = Files.readAllLines(c.err(), StandardCharsets.UTF_8);
            String last = errLines.get(errLines.size() - 1);
            assertThat(last).startsWith("rc=");
            expectedRc = Integer.parseInt(last.substring(3));
            expectedErr = String.join("\n", errLines.subList(0, errLines.size() - 1));
        }
        if (expectedRc != 0) {
            // trec_eval: "duplicate docs A" and exit 4; perfguard: the file, both lines, exit 2
            assertThat(rc).as(err.toString()).isEqualTo(ExitStatus.BAD_INPUT);
            Matcher dup = Pattern.compile("duplicate docs (\\S+?)trec_eval").matcher(expectedErr);
            assertThat(dup.find()).as(expectedErr).isTrue();
            assertThat(err.toString()).contains("duplicate document '" + dup.group(1) + "'").contains("line");
            assertThat(out.toString()).isEmpty();
            assertThat(Files.size(c.expected())).isZero();
            FILES.incrementAndGet();
            return;
        }
        assertThat(rc).as(err.toString()).isZero();
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(c.expected(), StandardCharsets.UTF_8)) {
            if (implemented(line.substring(0, line.indexOf('\t')).strip())) {
                expected.add(line);
            } else {
                SKIPPED.incrementAndGet();
            }
        }
        assertThat(expected).as("fixture has lines of implemented measures").isNotEmpty();
        List<String> actual = Arrays.asList(out.toString().split("\n", -1));
        assertThat(actual.get(actual.size() - 1)).isEmpty();
        assertThat(String.join("\n", actual.subList(0, actual.size() - 1))).isEqualTo(String.join("\n", expected));
        FILES.incrementAndGet();
        LINES.addAndGet(expected.size());
    }

    private static final Set<String> PLAIN = Set.of("runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map",
            "gm_map", "gm_bpref", "utility", "infAP", "ndcg_rel", "Rndcg", "binG", "G", "relstring", "rbp", "rbp_resid", "Rprec", "bpref", "recip_rank", "11pt_avg", "ndcg", "set_P", "set_relative_P", "set_recall",
            "set_map", "set_F", "num_nonrel_judged_ret");
    private static final Pattern CUT = Pattern.compile("(iprec_at_recall|P|recall|ndcg_cut|map_cut|relative_P|success|Rprec_mult|relstring|unj)_[0-9.]+");

    static boolean implemented(String name) {
        return PLAIN.contains(name) || CUT.matcher(name).matches()
                || name.matches("(utility|11pt_avg|ndcg)_.*");
    }

    @AfterAll
    static void report() throws IOException {
        String summary = "rag-eval golden: " + FILES.get() + " fixture files reproduced, " + LINES.get()
                + " lines byte for byte, " + SKIPPED.get() + " lines of unimplemented measures skipped\n";
        System.out.print(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "rageval-golden-summary.txt"), summary);
    }
}
