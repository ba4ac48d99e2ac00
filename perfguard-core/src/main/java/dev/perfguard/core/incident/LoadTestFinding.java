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

        /** {@code METRIC@DATASET=VALUE}, e.g. {@code rag.ndcg_cut_10@golden=0.61}; bad input names what was given. */
        public static RetrievalMetric parse(String text) {
            String t = text.strip();
            int at = t.indexOf('@');
            int eq = t.lastIndexOf('=');
            if (at < 1 || eq < at + 2) {
                throw PerfguardException.badInput("re-collected metric '" + t
                        + "' must be METRIC@DATASET=VALUE, e.g. rag.ndcg_cut_10@golden=0.61");
            }
            try {
                return new RetrievalMetric(t.substring(0, at), t.substring(at + 1, eq), Double.parseDouble(t.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw PerfguardException.badInput("re-collected metric '" + t + "': value is not a number");
            }
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
