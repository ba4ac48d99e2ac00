package dev.perfguard.app.cli.rageval;

import com.fasterxml.jackson.core.JsonPointer;
import dev.perfguard.app.slot.RetrievalCheck;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.TrecFormatter;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.signals.rageval.QrelsReader;
import dev.perfguard.signals.rageval.QueryReader;
import dev.perfguard.signals.rageval.RequestTemplate;
import dev.perfguard.signals.rageval.RetrievalCollector;
import dev.perfguard.signals.rageval.RunReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code perfguard rag-eval collect}: the runbook's collect_rag_eval_metrics step. Queries a live
 * retrieval endpoint, writes a TREC run (failed queries get no lines, so they score zero), reports
 * failures, and evaluates the run when qrels are given.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Sends evaluation queries to a live retrieval endpoint, writes a TREC run and evaluates it.")
final class CollectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "Retrieval endpoint (HTTP POST).")
    URI endpoint;

    @Option(names = "--queries", required = true, paramLabel = "FILE",
            description = "JSON Lines with query_id (or _id) and query (or text), or TSV 'qid<TAB>text'.")
    Path queries;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Where to write the TREC run.")
    Path out;

    @Option(names = "--top-k", defaultValue = "100", description = "Hits kept per query (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "PT10S", paramLabel = "D",
            description = "Per-request timeout, ISO-8601 (PT2S) or milliseconds (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--retries", defaultValue = "2", description = "Retries after a 5xx, a timeout or an I/O error (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--backoff", defaultValue = "200", paramLabel = "MS", description = "First retry's delay in ms at most (random below it), the bound doubled each retry (default: ${DEFAULT-VALUE}).")
    long backoffMs;

    @Option(names = "--request-template", defaultValue = "{\"query\": {{query}}, \"top_k\": {{top_k}}}",
            description = "JSON body; {{query}}, {{query_id}} and {{top_k}} stand for the values (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--hits", defaultValue = "/hits", paramLabel = "POINTER", description = "JSON pointer to the hit list (default: ${DEFAULT-VALUE}).")
    String hitsPointer;

    @Option(names = "--doc-id", defaultValue = "/id", paramLabel = "POINTER", description = "JSON pointer to a hit's document id (default: ${DEFAULT-VALUE}).")
    String idPointer;

    @Option(names = "--score", defaultValue = "/score", paramLabel = "POINTER", description = "JSON pointer to a hit's score (default: ${DEFAULT-VALUE}).")
    String scorePointer;

    @Option(names = "--run-id", defaultValue = "live", description = "Run id column (default: ${DEFAULT-VALUE}).")
    String runId;

    @Option(names = "--qrels", paramLabel = "FILE", description = "Evaluate the collected run against these qrels.")
    Path qrels;

    @CommandLine.Mixin
    EvalFlags flags = new EvalFlags();

    @Override
    public Integer call() throws IOException {
        if (backoffMs < 1 || retries < 0) {
            throw PerfguardException.badInput("--backoff must be at least 1 ms and --retries at least 0, were " + backoffMs
                    + " and " + retries);
        }
        RetrievalCheck.requireHttpUrl(endpoint);
        RetrievalCheck.requireFolder(out);
        Duration base = Duration.ofMillis(backoffMs);
        // the jitter range doubles each retry, as a fixed delay did before: base, 2 base, 4 base ...
        Duration cap = base.multipliedBy(1L << Math.min(Math.max(retries - 1, 0), 20));
        RetrievalCollector.Settings settings = new RetrievalCollector.Settings(endpoint, template(), pointer(hitsPointer),
                pointer(idPointer), pointer(scorePointer), topK, concurrency, parseDuration(timeout),
                new Backoff(base, cap, retries + 1));
        List<RetrievalCollector.Query> qs = QueryReader.readFile(queries);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        List<RetrievalCollector.Outcome> outcomes = new RetrievalCollector(settings, new Random()).collect(qs, n -> {
            if (terminal) {
                int width = 30;
                int filled = (int) ((long) n * width / Math.max(1, qs.size()));
                synchronized (err) {
                    err.printf(Locale.ROOT, "\r[%s%s] %d/%d", "#".repeat(filled), " ".repeat(width - filled), n, qs.size());
                    err.flush();
                }
            }
        });
        if (terminal) {
            err.println();
        }
        List<RetrievalCollector.Outcome> failed = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (RetrievalCollector.Outcome o : outcomes) {
                if (o.failed()) {
                    failed.add(o);
                    continue;
                }
                int rank = 1;
                for (RetrievalCollector.Hit h : o.hits()) {
                    w.write(o.query().id() + " Q0 " + h.docId() + " " + rank++ + " " + Double.toString(h.score()) + " " + runId + "\n");
                }
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "collected %d queries from %s: %d answered, %d failed (scored zero); run written to %s%n",
                qs.size(), endpoint, qs.size() - failed.size(), failed.size(), out);
        for (RetrievalCollector.Outcome f : failed) {
            o.printf(Locale.ROOT, "  failed %s: %s%n", f.query().id(), f.failure().orElseThrow());
        }
        if (failed.size() == qs.size() && !qs.isEmpty()) {
            o.flush();
            throw new PerfguardException(ErrorCode.REMOTE, "every query to " + endpoint + " failed; first: "
                    + failed.get(0).failure().orElseThrow());
        }
        if (qrels != null) {
            Evaluation e = RunReader.evaluateFile(out, QrelsReader.readFile(qrels),
                    flags.measureSet(RetrievalCheck.DEFAULT_MEASURES), flags.options());
            o.print(TrecFormatter.format(e, false));
        }
        o.flush();
        return 0;
    }

    private RequestTemplate template() {
        try {
            return RequestTemplate.parse(template);
        } catch (PerfguardException e) {
            throw PerfguardException.badInput("--request-template: " + e.getMessage());
        }
    }

    private static JsonPointer pointer(String p) {
        try {
            return JsonPointer.compile(p);
        } catch (IllegalArgumentException e) {
            throw PerfguardException.badInput("'" + p + "' is not a JSON pointer (e.g. /hits): " + e.getMessage());
        }
    }

    static Duration parseDuration(String text) {
        try {
            return text.matches("\\d+") ? Duration.ofMillis(Long.parseLong(text)) : Duration.parse(text);
        } catch (RuntimeException e) {
            throw PerfguardException.badInput("--timeout '" + text + "': expected milliseconds or ISO-8601 like PT2S");
        }
    }
}
