package dev.perfguard.core.rageval;

import dev.perfguard.core.PerfguardException;

/**
 * Which trec_eval release to reproduce where releases disagree. 9.0.8 is the default; 10.0 differs
 * in three places only: interpolated precision cutoffs ({@code lround} instead of adding 0.9 and
 * truncating), per-query zero lines for missing queries under {@code -c -q}, and a fatal error for
 * a qrels query missing from the run when {@code -c} is not given.
 */
public enum TrecEvalVersion {
    V9_0_8("9.0.8"),
    V10_0("10.0");

    private final String label;

    TrecEvalVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TrecEvalVersion parse(String s) {
        for (TrecEvalVersion v : values()) {
            if (v.label.equals(s)) {
                return v;
            }
        }
        throw PerfguardException.badInput(
                "unknown trec_eval version '" + s + "': expected 9.0.8 or 10.0");
    }
}
