package dev.perfguard.signals.ingest;

/** What a metric file is, as told by its content. */
public enum FileKind {
    PERF_METRICS("perf_metrics"),
    JMH("jmh"),
    K6("k6 summary"),
    LIGHTHOUSE("lighthouse"),
    RAG_EVAL("rag-eval");

    private final String label;

    FileKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
