package dev.perfguard.app.cli.rageval;

import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.core.rageval.DropRule;
import java.util.List;
import java.util.Optional;

/**
 * What {@code rag-eval compare} concluded: by the {@code --expect} rules when there are any, else by the drop
 * rule (unless {@code --no-drop-rule}).
 *
 * @param dropRule the drop rule, when it judged
 * @param expectations how many {@code --expect} rules judged
 * @param broken the broken expectations, or the measures the drop rule found regressed
 * @param inconclusive the measures the drop rule could not judge
 */
record CompareVerdict(Optional<DropRule> dropRule, int expectations, List<String> broken, List<String> inconclusive) {
    CompareVerdict {
        broken = List.copyOf(broken);
        inconclusive = List.copyOf(inconclusive);
    }

    GateVerdict gate() {
        if (!broken.isEmpty()) {
            return GateVerdict.REGRESSION;
        }
        return inconclusive.isEmpty() ? GateVerdict.PASS : GateVerdict.INCONCLUSIVE;
    }

    /** Whether anything was checked at all. */
    boolean checked() {
        return expectations > 0 || dropRule.isPresent();
    }

    /** One sentence for the top of a report. */
    String headline() {
        if (expectations > 0) {
            return broken.isEmpty() ? "All " + expectations + " expectation(s) hold." : broken.size() + " expectation(s) broken.";
        }
        if (dropRule.isEmpty()) {
            return "Nothing checked (no --expect, --no-drop-rule).";
        }
        if (!broken.isEmpty()) {
            return broken.size() + " measure(s) dropped significantly.";
        }
        if (!inconclusive.isEmpty()) {
            return "Inconclusive: " + inconclusive.size() + " measure(s) dropped beyond the minimum effect without significance.";
        }
        return "No measure dropped significantly.";
    }
}
