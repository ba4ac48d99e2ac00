package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    @Test
    void commandLinesAreSplitAtDoubleDashesAndEmptyOnesDropped() {
        List<String[]> lines = Batch.split(new String[] {"--", "lighthouse", "compare", "--baseline", "a", "--", "--", "rag-eval",
                "evaluate", "--"});
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsExactly("lighthouse", "compare", "--baseline", "a");
        assertThat(lines.get(1)).containsExactly("rag-eval", "evaluate");
        assertThat(Batch.split(new String[0])).isEmpty();
    }
}
