package dev.perfguard.core.incident;

import java.util.Locale;

/** The branches of the runbook's mitigation decision tree, see {@link DecisionTree}. */
public enum MitigationBranch {
    /** A fix ships in under two hours without infrastructure changes. */
    FAST_FIX,
    /** The remedy needs infrastructure changes: roll out with DevOps. */
    INFRASTRUCTURE,
    /** No fix ships in under two hours: contain the change, accept the risk if it stays live. */
    NO_IMMEDIATE_FIX;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
