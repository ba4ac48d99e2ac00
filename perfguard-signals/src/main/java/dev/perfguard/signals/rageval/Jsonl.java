package dev.perfguard.signals.rageval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads a JSON Lines file object by object with the streaming parser: flat fields only. */
final class Jsonl {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** One object's fields of interest: string or number values as text. */
    static final class Row {
        long line;
        String queryId;
        String docId;
        String number;
        String runId;
    }

    private Jsonl() {}

    static void read(Path file, String numberField, Consumer<Row> sink) {
        String src = file.toString();
        Row row = new Row();
        try (InputStream in = Input.open(file); JsonParser p = FACTORY.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                row.line = p.currentLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw PerfguardException.badInput(src + ":" + row.line + ": expected a JSON object per line");
                }
                row.queryId = null;
                row.docId = null;
                row.number = null;
                row.runId = null;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    String text = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getText() : null;
                    if (v.isStructStart()) {
                        p.skipChildren();
                    }
                    switch (name) {
                        case "query_id", "qid" -> row.queryId = text;
                        case "doc_id", "docid" -> row.docId = text;
                        case "run_id" -> row.runId = text;
                        default -> {
                            if (name.equals(numberField)) {
                                row.number = v.isNumeric() ? text : null;
                                if (!v.isNumeric()) {
                                    throw PerfguardException.badInput(src + ":" + row.line + ": '" + numberField
                                            + "' must be a number, got " + text);
                                }
                            }
                        }
                    }
                }
                if (row.queryId == null || row.docId == null || row.number == null) {
                    throw PerfguardException.badInput(src + ":" + row.line + ": expected fields 'query_id', 'doc_id' and '"
                            + numberField + "'");
                }
                sink.accept(row);
            }
        } catch (JsonProcessingException e) {
            long l = e.getLocation() == null ? row.line : e.getLocation().getLineNr();
            throw PerfguardException.badInput(src + ":" + l + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw PerfguardException.badInput(src + ": cannot read: " + e.getMessage(), e);
        }
    }
}
