package dev.perfguard.app.cli;

/** What a gate command ({@code check}, {@code lighthouse compare}, {@code rag-eval compare}, {@code telemetry check}) concluded. */
public enum GateVerdict {
    /** Checked, and nothing got worse. */
    PASS,
    /** A regression, a breach or a broken expectation. */
    REGRESSION,
    /** Nothing could be concluded: too few runs, no baseline, an evaluation that failed or had no data. */
    INCONCLUSIVE;

    /** The exit status under the default {@code --fail-on inconclusive}. */
    public int exitStatus() {
        return switch (this) {
            case PASS -> ExitStatus.OK;
            case REGRESSION -> ExitStatus.REGRESSION;
            case INCONCLUSIVE -> ExitStatus.INCONCLUSIVE;
        };
    }
}
