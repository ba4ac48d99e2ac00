package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Qrels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * BEIR qrels: a tab-separated file whose first line is the header
 * {@code query-id<TAB>corpus-id<TAB>score}, then {@code qid<TAB>docid<TAB>relevance} per line.
 */
final class BeirTsvQrelsReader implements QrelsReader {
    @Override
    public Qrels read(Path file) {
        byte[] b = Input.readAll(file);
        String src = file.toString();
        Qrels.Builder qrels = new Qrels.Builder(src);
        Fields f = new Fields(4);
        long line = 0;
        for (int pos = 0; pos < b.length; ) {
            int nl = pos;
            while (nl < b.length && b[nl] != '\n') {
                nl++;
            }
            line++;
            int from = pos;
            pos = nl + 1;
            f.splitTabs(b, from, nl);
            if (line == 1) {
                if (f.count != 3 || !f.string(b, 0).equals("query-id") || !f.string(b, 1).equals("corpus-id")
                        || !f.string(b, 2).equals("score")) {
                    throw PerfguardException.badInput(src + ":1: expected the BEIR header 'query-id<TAB>corpus-id<TAB>score', got '"
                            + new String(b, from, nl - from, StandardCharsets.UTF_8).strip() + "'");
                }
                continue;
            }
            if (f.count == 1 && f.start[0] == f.end[0]) {
                continue;
            }
            if (f.count != 3 || f.start[0] == f.end[0] || f.start[1] == f.end[1]) {
                throw PerfguardException.badInput(src + ":" + line + ": expected 3 tab-separated fields 'query-id corpus-id score', got '"
                        + new String(b, from, nl - from, StandardCharsets.UTF_8).strip() + "'");
            }
            int rel = TrecQrelsReader.relevance(b, f.start[2], f.end[2], src, line);
            qrels.query(f.string(b, 0)).add(b, f.start[1], f.end[1] - f.start[1], rel, line);
        }
        if (line == 0) {
            throw PerfguardException.badInput(src + ": empty file; expected the BEIR header 'query-id<TAB>corpus-id<TAB>score'");
        }
        return qrels.build();
    }
}
