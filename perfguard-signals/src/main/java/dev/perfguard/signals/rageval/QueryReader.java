package dev.perfguard.signals.rageval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an evaluation query set: JSON Lines ({@code .jsonl} or {@code .json}: {@code query_id} or
 * {@code _id}, and {@code query} or {@code text}, as BEIR writes them) or TSV ({@code qid<TAB>text}).
 * Blank lines are skipped; a malformed line is {@code BAD_INPUT} naming the file and the line.
 */
public final class QueryReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryReader() {}

    public static List<RetrievalCollector.Query> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw PerfguardException.badInput(file + ": no such file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".json");
        List<RetrievalCollector.Query> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank()) {
                out.add(jsonl ? jsonLine(file, i + 1, l) : tsvLine(file, i + 1, l));
            }
        }
        return out;
    }

    private static RetrievalCollector.Query jsonLine(Path file, int line, String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw PerfguardException.badInput(file + ":" + line + ": malformed JSON");
        }
        JsonNode id = n.has("query_id") ? n.get("query_id") : n.get("_id");
        JsonNode query = n.has("query") ? n.get("query") : n.get("text");
        if (id == null || query == null || !id.isValueNode() || !query.isTextual()) {
            throw PerfguardException.badInput(file + ":" + line + ": expected 'query_id' (or '_id') and 'query' (or 'text')");
        }
        return new RetrievalCollector.Query(id.asText(), query.asText());
    }

    private static RetrievalCollector.Query tsvLine(Path file, int line, String text) {
        int tab = text.indexOf('\t');
        if (tab <= 0) {
            throw PerfguardException.badInput(file + ":" + line + ": expected 'query-id<TAB>text'");
        }
        return new RetrievalCollector.Query(text.substring(0, tab), text.substring(tab + 1));
    }
}
