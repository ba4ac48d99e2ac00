package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Qrels;
import java.nio.file.Path;

/** JSON Lines qrels: {@code {"query_id": ..., "doc_id": ..., "relevance": <integer>}} per line. */
final class JsonlQrelsReader implements QrelsReader {
    @Override
    public Qrels read(Path file) {
        String src = file.toString();
        Qrels.Builder qrels = new Qrels.Builder(src);
        Jsonl.read(file, "relevance", row -> {
            int rel;
            try {
                double d = Double.parseDouble(row.number);
                if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE - 2) {
                    throw new NumberFormatException();
                }
                rel = (int) d;
            } catch (NumberFormatException e) {
                throw PerfguardException.badInput(src + ":" + row.line + ": relevance '" + row.number + "' is not an integer");
            }
            qrels.query(row.queryId).add(row.docId, rel, row.line);
        });
        return qrels.build();
    }
}
