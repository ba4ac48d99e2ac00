package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a load test showed (runbook step 3.4): a verdict, a summary, and the retrieval metrics
 * re-collected after the test (the {@code rag-eval collect} output) as evidence. At least one
 * re-collected metric is required, because the runbook asks for the post-test collection every time.
 */
public record LoadTestFinding(Verdict verdict, String summary, List<RetrievalMetric> recollected,
        String author, Instant recordedAt) {

    /** Whether the results justify rolling back, mitigating, or accepting the change. */
    public enum Verdict {
        ROLLBACK, MITIGATE, ACCEPT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One re-collected retrieval measure, e.g. {@code rag.ndcg_cut_10} on dataset {@code golden}. */
    public record RetrievalMetric(String metric, String dataset, double value) {
        public RetrievalMetric {
            Metrics.requireName(metric, "retrieval metric");
            Checks.name(dataset, "dataset");
            Checks.finite(value, "retrieval metric value");
        }
    }

    public LoadTestFinding {
        Objects.requireNonNull(verdict, "verdict");
        Checks.text(summary, "finding summary", Checks.LONG);
        recollected = Checks.list(recollected, "recollected");
        if (recollected.isEmpty()) {
            throw PerfguardException.badInput(
                    "a load-test finding needs the retrieval metrics re-collected after the test (rag-eval collect output)");
        }
        Checks.name(author, "author");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
