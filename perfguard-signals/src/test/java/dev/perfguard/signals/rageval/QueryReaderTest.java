package dev.perfguard.signals.rageval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryReaderTest {
    @TempDir Path dir;

    @Test
    void jsonLinesInEitherNamingAndTsvAreRead() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("q.jsonl"), "{\"query_id\": \"1\", \"query\": \"lift\"}\n\n{\"_id\": 2, \"text\": \"drag\"}\n");
        assertThat(QueryReader.readFile(jsonl)).containsExactly(new RetrievalCollector.Query("1", "lift"),
                new RetrievalCollector.Query("2", "drag"));
        Path tsv = Files.writeString(dir.resolve("q.tsv"), "7\tshock waves\ttabs kept\n");
        assertThat(QueryReader.readFile(tsv)).containsExactly(new RetrievalCollector.Query("7", "shock waves\ttabs kept"));
    }

    @Test
    void aBadLineNamesTheFileAndTheLine() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("bad.jsonl"), "{\"query_id\": \"1\", \"query\": \"lift\"}\n{\"query\": \"no id\"}\n");
        assertThatThrownBy(() -> QueryReader.readFile(jsonl)).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("bad.jsonl:2: expected 'query_id'");
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{not json\n");
        assertThatThrownBy(() -> QueryReader.readFile(broken)).hasMessageContaining("broken.jsonl:1: malformed JSON");
        Path tsv = Files.writeString(dir.resolve("bad.tsv"), "no tab here\n");
        assertThatThrownBy(() -> QueryReader.readFile(tsv)).hasMessageContaining("bad.tsv:1: expected 'query-id<TAB>text'");
        assertThatThrownBy(() -> QueryReader.readFile(dir.resolve("none.tsv"))).hasMessageContaining("none.tsv: no such file");
    }
}
