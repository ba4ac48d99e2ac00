package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Qrels;
import java.nio.file.Path;

/**
 * Reads relevance judgments. One small reader per format; a malformed line is an error naming the
 * file and line, and a document judged twice for one query is an error naming both lines.
 * Gzipped files are read transparently.
 */
public sealed interface QrelsReader permits TrecQrelsReader, JsonlQrelsReader, BeirTsvQrelsReader {
    Qrels read(Path file);

    /** The reader for a file by its name: {@code .jsonl}/{@code .json}, {@code .tsv} (BEIR), else TREC. */
    static QrelsReader forFile(Path file) {
        if (Input.named(file, ".jsonl", ".json")) {
            return new JsonlQrelsReader();
        }
        if (Input.named(file, ".tsv")) {
            return new BeirTsvQrelsReader();
        }
        return new TrecQrelsReader();
    }

    /** Reads a qrels file in the format its name says; a file without a judgment is bad input. */
    static Qrels readFile(Path file) {
        Qrels qrels = forFile(file).read(file);
        if (qrels.queryIds().isEmpty()) {
            throw PerfguardException.badInput(file + ": no relevance judgments (the file is empty, or only blank, comment or header lines)");
        }
        return qrels;
    }
}
