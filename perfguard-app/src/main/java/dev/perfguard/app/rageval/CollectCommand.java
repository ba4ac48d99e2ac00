package dev.perfguard.app.rageval;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.TrecFormatter;
import dev.perfguard.signals.rageval.QrelsReader;
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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--backoff", defaultValue = "200", paramLabel = "MS", description = "First retry delay in ms, doubled each retry (default: ${DEFAULT-VALUE}).")
    long backoffMs;

    @Option(names = "--request-template", defaultValue = "{\"query\": {{query}}, \"top_k\": {{top_k}}}",
            description = "JSON body; {{query}}, {{query_id}} and {{top_k}} are replaced (default: ${DEFAULT-VALUE}).")
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
        Collector.Settings settings = new Collector.Settings(endpoint, template, pointer(hitsPointer), pointer(idPointer),
                pointer(scorePointer), topK, concurrency, parseDuration(timeout), retries, Duration.ofMillis(backoffMs));
        List<Collector.Query> qs = readQueries(queries);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        List<Collector.Outcome> outcomes = new Collector(settings).collect(qs, n -> {
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
        List<Collector.Outcome> failed = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Collector.Outcome o : outcomes) {
                if (o.failed()) {
                    failed.add(o);
                    continue;
                }
                int rank = 1;
                for (Collector.Hit h : o.hits()) {
                    w.write(o.query().id() + " Q0 " + h.docId() + " " + rank++ + " " + Double.toString(h.score()) + " " + runId + "\n");
                }
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "collected %d queries from %s: %d answered, %d failed (scored zero); run written to %s%n",
                qs.size(), endpoint, qs.size() - failed.size(), failed.size(), out);
        for (Collector.Outcome f : failed) {
            o.printf(Locale.ROOT, "  failed %s: %s%n", f.query().id(), f.failure());
        }
        if (failed.size() == qs.size() && !qs.isEmpty()) {
            o.flush();
            throw new PerfguardException(ErrorCode.REMOTE, "every query to " + endpoint + " failed; first: " + failed.get(0).failure());
        }
        if (qrels != null) {
            Evaluation e = RunReader.evaluateFile(out, QrelsReader.readFile(qrels),
                    flags.measureSet(CompareCommand.DEFAULT_MEASURES), flags.options());
            o.print(TrecFormatter.format(e, false));
        }
        o.flush();
        return 0;
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

    static List<Collector.Query> readQueries(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw PerfguardException.badInput(file + ": no such file");
        }
        List<Collector.Query> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean jsonl = file.getFileName().toString().endsWith(".jsonl") || file.getFileName().toString().endsWith(".json");
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            if (jsonl) {
                JsonNode n;
                try {
                    n = json.readTree(l);
                } catch (IOException e) {
                    throw PerfguardException.badInput(file + ":" + (i + 1) + ": malformed JSON");
                }
                JsonNode id = n.has("query_id") ? n.get("query_id") : n.get("_id");
                JsonNode text = n.has("query") ? n.get("query") : n.get("text");
                if (id == null || text == null || !id.isValueNode() || !text.isTextual()) {
                    throw PerfguardException.badInput(file + ":" + (i + 1) + ": expected 'query_id' (or '_id') and 'query' (or 'text')");
                }
                out.add(new Collector.Query(id.asText(), text.asText()));
            } else {
                int tab = l.indexOf('\t');
                if (tab <= 0) {
                    throw PerfguardException.badInput(file + ":" + (i + 1) + ": expected 'query-id<TAB>text'");
                }
                out.add(new Collector.Query(l.substring(0, tab), l.substring(tab + 1)));
            }
        }
        return out;
    }
}
