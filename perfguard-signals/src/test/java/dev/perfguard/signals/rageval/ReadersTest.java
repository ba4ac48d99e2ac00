package dev.perfguard.signals.rageval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.EvalOptions;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.Qrels;
import dev.perfguard.core.rageval.TrecFormatter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    static final Path MEDIUM = Path.of(System.getProperty("perfguard.fixtures", "../../shared/fixtures"), "rag_eval", "medium");
    static final MeasureSet STD = MeasureSet.parse(List.of("map", "P.5,10", "recall.10,100", "ndcg_cut.10", "recip_rank",
            "Rprec", "success.1,5,10", "ndcg", "num_ret", "runid"));

    @TempDir
    Path tmp;

    static String evaluate(RunReader reader, Path run, Qrels q) {
        Evaluation e = reader.evaluate(run, q, STD, EvalOptions.defaults());
        return TrecFormatter.format(e, true);
    }

    static String expected() {
        Qrels q = QrelsReader.readFile(MEDIUM.resolve("qrels.txt"));
        return evaluate(new TrecRunReader(Long.MAX_VALUE, 1), MEDIUM.resolve("run.txt"), q);
    }

    @Test
    void parallelSlicesGiveTheSameResultAsOneThread() {
        Qrels q = QrelsReader.readFile(MEDIUM.resolve("qrels.txt"));
        String one = expected();
        assertThat(one).contains("runid                 \tall\tmedium");
        for (int threads : new int[] {2, 3, 7}) {
            assertThat(evaluate(new TrecRunReader(1 << 16, threads), MEDIUM.resolve("run.txt"), q)).isEqualTo(one);
        }
    }

    @Test
    void interleavedRunIsGroupedByQuery() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(MEDIUM.resolve("run.txt")));
        String last = lines.get(lines.size() - 1);
        lines.remove(lines.size() - 1);
        Collections.shuffle(lines, new Random(5));
        lines.add(last); // keep the run id of the last line
        Path shuffled = tmp.resolve("shuffled.txt");
        Files.write(shuffled, lines);
        Qrels q = QrelsReader.readFile(MEDIUM.resolve("qrels.txt"));
        assertThat(evaluate(new TrecRunReader(), shuffled, q)).isEqualTo(expected());
        assertThat(evaluate(new TrecRunReader(1 << 16, 2), shuffled, q)).isEqualTo(expected());
    }

    @Test
    void gzippedFilesAreReadTransparently() throws IOException {
        Path run = gzip(MEDIUM.resolve("run.txt"), tmp.resolve("run.txt.gz"));
        Path qrels = gzip(MEDIUM.resolve("qrels.txt"), tmp.resolve("qrels.gz"));
        assertThat(evaluate(RunReader.forFile(run), run, QrelsReader.readFile(qrels))).isEqualTo(expected());
    }

    @Test
    void jsonlAndBeirTsvReadTheSameJudgmentsAndRun() throws IOException {
        List<String> qj = new ArrayList<>();
        List<String> qt = new ArrayList<>(List.of("query-id\tcorpus-id\tscore"));
        for (String l : Files.readAllLines(MEDIUM.resolve("qrels.txt"))) {
            String[] f = l.trim().split("\\s+");
            qj.add("{\"query_id\": \"" + f[0] + "\", \"doc_id\": \"" + f[2] + "\", \"relevance\": " + f[3] + "}");
            qt.add(f[0] + "\t" + f[2] + "\t" + f[3]);
        }
        List<String> rj = new ArrayList<>();
        for (String l : Files.readAllLines(MEDIUM.resolve("run.txt"))) {
            String[] f = l.trim().split("\\s+");
            rj.add("{\"query_id\": \"" + f[0] + "\", \"doc_id\": \"" + f[2] + "\", \"score\": " + f[4]
                    + ", \"run_id\": \"" + f[5] + "\"}");
        }
        Path qjf = Files.write(tmp.resolve("qrels.jsonl"), qj);
        Path qtf = Files.write(tmp.resolve("qrels.tsv"), qt);
        Path rjf = Files.write(tmp.resolve("run.jsonl"), rj);
        assertThat(evaluate(RunReader.forFile(rjf), rjf, QrelsReader.readFile(qjf))).isEqualTo(expected());
        assertThat(evaluate(new TrecRunReader(), MEDIUM.resolve("run.txt"), QrelsReader.readFile(qtf))).isEqualTo(expected());
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path qrels = write("q.txt", "1 0 A 1\n1 0 B\n");
        assertBad(() -> QrelsReader.readFile(qrels), qrels + ":2: expected 4 fields");
        Path rel = write("r.txt", "1 0 A 1\n1 0 B x\n");
        assertBad(() -> QrelsReader.readFile(rel), rel + ":2: relevance 'x' is not an integer");
        Qrels q = QrelsReader.readFile(write("ok.txt", "1 0 A 1\n"));
        Path run = write("run.txt", "1 Q0 A 1 1.0 r\n\n1 Q0 B 2 0.5\n");
        assertBad(() -> RunReader.evaluateFile(run, q, STD, EvalOptions.defaults()), run + ":3: expected 6 fields");
        Path score = write("run2.txt", "1 Q0 A 1 1.0 r\n1 Q0 B 2 abc r\n");
        assertBad(() -> RunReader.evaluateFile(score, q, STD, EvalOptions.defaults()), score + ":2: score 'abc' is not a number");
        Path tsv = write("q.tsv", "qid\tdoc\trel\n");
        assertBad(() -> QrelsReader.readFile(tsv), tsv + ":1: expected the BEIR header");
        Path json = write("q.jsonl", "{\"query_id\": \"1\", \"doc_id\": \"A\", \"relevance\": 1}\n{\"query_id\": \"1\", \"relevance\": 1}\n");
        assertBad(() -> QrelsReader.readFile(json), json + ":2: expected fields");
        assertBad(() -> QrelsReader.readFile(tmp.resolve("absent.txt")), "absent.txt: no such file");
    }

    @Test
    void duplicatesNameBothLinesEvenInAParallelRead() throws IOException {
        StringBuilder sb = new StringBuilder();
        StringBuilder qr = new StringBuilder();
        for (int qid = 0; qid < 400; qid++) {
            qr.append(qid).append(" 0 D1 1\n");
            for (int d = 0; d < 100; d++) {
                sb.append(qid).append(" Q0 D").append(d).append(' ').append(d + 1).append(' ').append(100 - d).append(" r\n");
            }
        }
        // query 350 retrieves D7 a second time, inserted as line 35_002 (before D1)
        sb.insert(sb.indexOf("350 Q0 D1 "), "350 Q0 D7 0 0.5 r\n");
        Path run = write("dup.txt", sb.toString());
        Qrels q = QrelsReader.readFile(write("q.txt", qr.toString()));
        int dupLine = 350 * 100 + 2;
        for (RunReader reader : List.of(new TrecRunReader(), new TrecRunReader(1 << 12, 2))) {
            assertBad(() -> reader.evaluate(run, q, STD, EvalOptions.defaults()),
                    run + ":" + (dupLine + 7) + ": duplicate document 'D7' in query '350' (also at line " + dupLine + ")");
        }
    }

    private void assertBad(ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(PerfguardException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((PerfguardException) e).code()).isEqualTo(ErrorCode.BAD_INPUT));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Path gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        return to;
    }
}
