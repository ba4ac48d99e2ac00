package dev.perfguard.app.slot;

import com.fasterxml.jackson.core.JsonPointer;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Comparison;
import dev.perfguard.core.rageval.DropRule;
import dev.perfguard.core.rageval.EvalOptions;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureComparison;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.Qrels;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.signals.rageval.QrelsReader;
import dev.perfguard.signals.rageval.QueryReader;
import dev.perfguard.signals.rageval.RequestTemplate;
import dev.perfguard.signals.rageval.RetrievalCollector;
import dev.perfguard.signals.rageval.RunReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code rag-eval collect} and {@code rag-eval compare} with their default options, for a load-test slot's
 * retrieval check: collect a run from the target before and after the load, compare with the drop rule.
 * The commands take their default measures and collect's checks before any request from here.
 */
public final class RetrievalCheck {
    /** The measures {@code rag-eval compare} and {@code collect --qrels} evaluate without {@code -m}. */
    public static final List<String> DEFAULT_MEASURES = List.of("map", "P.5,10", "recall.10,100", "ndcg_cut.10",
            "recip_rank", "Rprec", "success.1,5,10", "ndcg");

    /** The drop rule {@code rag-eval compare} applies without {@code --expect}: its defaults. */
    static final DropRule DROP_RULE = new DropRule(0.05, 0.01);
    static final double MAX_DROP = 0.1;
    static final int PERMUTATIONS = 10_000;
    static final long SEED = 24301;

    /**
     * @param failed the query ids whose requests failed (scored zero)
     */
    record Collected(Path run, int queries, List<String> failed) {
        Collected {
            failed = List.copyOf(failed);
        }
    }

    /** The comparison of two runs over the qrels, judged by {@link #DROP_RULE}. */
    record Compared(List<MeasureComparison> measures, DropRule.Findings findings) {
        Compared {
            measures = List.copyOf(measures);
        }
    }

    private RetrievalCheck() {}

    /** {@code rag-eval collect --endpoint ENDPOINT --queries QUERIES --out RUN} with the default template and pointers. */
    static Collected collect(URI endpoint, Path queries, Path run, String runId) {
        requireHttpUrl(endpoint);
        requireFolder(run);
        RetrievalCollector.Settings settings = new RetrievalCollector.Settings(endpoint,
                RequestTemplate.parse("{\"query\": {{query}}, \"top_k\": {{top_k}}}"), JsonPointer.compile("/hits"),
                JsonPointer.compile("/id"), JsonPointer.compile("/score"), 100, 8, Duration.ofSeconds(10),
                new Backoff(Duration.ofMillis(200), Duration.ofMillis(400), 3));
        List<RetrievalCollector.Query> qs = QueryReader.readFile(queries);
        List<RetrievalCollector.Outcome> outcomes = new RetrievalCollector(settings, new Random()).collect(qs, n -> { });
        List<String> failed = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            for (RetrievalCollector.Outcome o : outcomes) {
                if (o.failed()) {
                    failed.add(o.query().id() + ": " + o.failure().orElseThrow());
                    continue;
                }
                int rank = 1;
                for (RetrievalCollector.Hit h : o.hits()) {
                    w.write(o.query().id() + " Q0 " + h.docId() + " " + rank++ + " " + h.score() + " " + runId + "\n");
                }
            }
        } catch (IOException e) {
            throw PerfguardException.badInput(run + ": cannot write the run: " + e.getMessage(), e);
        }
        if (!qs.isEmpty() && failed.size() == qs.size()) {
            throw new PerfguardException(ErrorCode.REMOTE, "every query to " + endpoint + " failed; first: " + failed.get(0));
        }
        return new Collected(run, qs.size(), failed);
    }

    /** {@code rag-eval compare --qrels QRELS --before BEFORE --after AFTER} with the default measures and drop rule. */
    static Compared compare(Path qrels, Path before, Path after) {
        EvalOptions opt = EvalOptions.defaults();
        MeasureSet measures = MeasureSet.parse(DEFAULT_MEASURES, opt.version());
        Qrels q = QrelsReader.readFile(qrels);
        Evaluation b = RunReader.evaluateFile(before, q, measures, opt);
        Evaluation a = RunReader.evaluateFile(after, q, measures, opt);
        List<MeasureComparison> cmp = Comparison.compare(b, a, MAX_DROP, PERMUTATIONS, SEED);
        return new Compared(cmp, DROP_RULE.judge(cmp));
    }

    /** The dataset's name for a qrels file: its name without extensions ({@code cranfield.qrels.gz}: {@code cranfield}). */
    public static String datasetOf(Path qrels) {
        String name = qrels.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Checked before any request: a mistyped endpoint is bad input, not a failure of every query. */
    public static void requireHttpUrl(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw PerfguardException.badInput("--endpoint: not an http(s) URL: " + endpoint);
        }
    }

    /** Checked before any request, so a run that cannot be written does not cost the endpoint its queries first. */
    public static void requireFolder(Path out) {
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw PerfguardException.badInput("--out: folder " + folder + " does not exist");
        }
        if (Files.isDirectory(out)) {
            throw PerfguardException.badInput("--out: " + out + " is a folder; give a file name for the run");
        }
    }
}
