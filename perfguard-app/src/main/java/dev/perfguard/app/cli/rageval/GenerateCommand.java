package dev.perfguard.app.cli.rageval;

import dev.perfguard.core.PerfguardException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perfguard rag-eval generate}: a deterministic synthetic evaluation case, for benchmarks
 * and for before/after comparisons. The same {@code --seed} gives the same qrels; the run
 * additionally depends on {@code --run-seed} and {@code --quality}, so two runs with different
 * run seeds or qualities form a before/after pair over the same judgments.
 *
 * <p>Per query: 1 to 3 relevant documents (relevance 1 to 3) and as many judged nonrelevant ones;
 * the run retrieves {@code --docs} documents with distinct ids and four-decimal scores (so ties
 * happen), placing each judged document with probability {@code --quality} in the top 20.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a deterministic synthetic qrels file and run (the benchmark case by default).")
final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--queries", defaultValue = "10000", description = "Number of queries (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--docs", defaultValue = "1000", description = "Documents retrieved per query (default: ${DEFAULT-VALUE}).")
    int docs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the qrels (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--run-seed", defaultValue = "7", description = "Seed of the run (default: ${DEFAULT-VALUE}).")
    long runSeed;

    @Option(names = "--quality", defaultValue = "0.6",
            description = "Chance that a judged document is placed in the top 20 (default: ${DEFAULT-VALUE}).")
    double quality;

    @Option(names = "--qrels", paramLabel = "FILE", description = "Where to write the qrels (skipped when absent).")
    Path qrelsOut;

    @Option(names = "--run", required = true, paramLabel = "FILE", description = "Where to write the run.")
    Path runOut;

    @Option(names = "--run-id", defaultValue = "synthetic", description = "Run id column (default: ${DEFAULT-VALUE}).")
    String runId;

    private static final int CORPUS = 5_000_000;

    @Override
    public Integer call() throws IOException {
        if (queries < 1 || docs < 10 || !(quality >= 0 && quality <= 1)) {
            throw PerfguardException.badInput("--queries must be >= 1, --docs >= 10 and --quality in [0, 1]");
        }
        try (OutputStream q = qrelsOut == null ? OutputStream.nullOutputStream()
                        : new BufferedOutputStream(Files.newOutputStream(qrelsOut), 1 << 20);
                OutputStream r = new BufferedOutputStream(Files.newOutputStream(runOut), 1 << 20)) {
            byte[] rid = runId.getBytes(StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder(64);
            for (int i = 0; i < queries; i++) {
                SplittableRandom jr = new SplittableRandom(seed * 1_000_003L + i);
                SplittableRandom rr = new SplittableRandom(runSeed * 1_000_033L + i * 31L + seed);
                String qid = "q" + (100000 + i);
                int nRel = 1 + jr.nextInt(3);
                int nJudged = nRel * 2;
                int[] judged = new int[nJudged];
                int[] rel = new int[nJudged];
                for (int k = 0; k < nJudged; k++) {
                    judged[k] = jr.nextInt(CORPUS);
                    rel[k] = k < nRel ? 1 + jr.nextInt(3) : 0;
                    line.setLength(0);
                    line.append(qid).append(" 0 D").append(judged[k]).append(' ').append(rel[k]).append('\n');
                    q.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                }
                // the ranking: slot -> doc id; judged documents placed first, the rest random
                int[] slot = new int[docs];
                Arrays.fill(slot, -1);
                HashSet<Integer> used = new HashSet<>();
                for (int k = 0; k < nJudged; k++) {
                    if (rr.nextDouble() >= (k < nRel ? quality : quality / 2)) {
                        continue;
                    }
                    int pos = rr.nextInt(20);
                    while (slot[pos] >= 0) {
                        pos = (pos + 1) % docs;
                    }
                    if (used.add(judged[k])) {
                        slot[pos] = judged[k];
                    }
                }
                for (int p = 0; p < docs; p++) {
                    while (slot[p] < 0) {
                        int d = rr.nextInt(CORPUS);
                        if (used.add(d)) {
                            slot[p] = d;
                        }
                    }
                }
                int score = 200000;
                for (int p = 0; p < docs; p++) {
                    score -= rr.nextInt(3);
                    line.setLength(0);
                    line.append(qid).append(" Q0 D").append(slot[p]).append(' ').append(p + 1).append(' ')
                            .append(score / 10000).append('.');
                    int frac = score % 10000;
                    line.append((char) ('0' + frac / 1000)).append((char) ('0' + frac / 100 % 10))
                            .append((char) ('0' + frac / 10 % 10)).append((char) ('0' + frac % 10)).append(' ');
                    r.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                    r.write(rid);
                    r.write('\n');
                }
            }
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s%s (%d queries x %d documents)%n",
                runOut, qrelsOut == null ? "" : " and " + qrelsOut, queries, docs);
        return 0;
    }
}
