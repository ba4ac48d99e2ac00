package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a metric is a discrepancy, by source. Values are in the metric's own unit (milliseconds for
 * {@code lighthouse.lcp_ms}, a unitless score for CLS or nDCG); the delta is {@code after - before}.
 */
public sealed interface Evidence {

    /** One line saying what changed and how sure the comparison is, e.g. {@code 2100 → 3400 ms (+61.9 %, 5 runs, p = 0.004)}. */
    String summary();

    private static String num(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        String t = String.format(Locale.ROOT, "%.4g", v);
        return t.contains(".") && !t.contains("e") ? t.replaceFirst("0+$", "").replaceFirst("\\.$", "") : t;
    }

    private static String change(double before, double after) {
        if (before == 0) {
            return (after >= before ? "+" : "") + num(after - before);
        }
        return String.format(Locale.ROOT, "%+.1f %%", (after - before) / Math.abs(before) * 100);
    }

    private static String p(Optional<Double> p) {
        return p.map(v -> v < 0.001 ? ", p < 0.001" : String.format(Locale.ROOT, ", p = %.3f", v)).orElse("");
    }

    /**
     * A Lighthouse lab delta (performance score, LCP, CLS, TBT, Speed Index ...): baseline build vs this
     * build, over {@code runs} runs. {@code unit} is empty for unitless metrics (CLS, the score). {@code pValue}
     * is the one-sided rank-test p-value that the current runs are worse, when the comparison computed one.
     */
    record LighthouseDelta(double baseline, double current, String unit, int runs, Optional<Double> pValue) implements Evidence {
        public LighthouseDelta(double baseline, double current, String unit, int runs) {
            this(baseline, current, unit, runs, Optional.empty());
        }

        public LighthouseDelta {
            pValue = pValue == null ? Optional.empty() : pValue;
            pValue.ifPresent(p -> {
                if (!(p >= 0 && p <= 1)) {
                    throw PerfguardException.badInput("lighthouse pValue must lie in [0, 1], was " + p);
                }
            });
            Checks.finite(baseline, "lighthouse baseline");
            Checks.finite(current, "lighthouse current");
            Objects.requireNonNull(unit, "unit");
            if (!unit.isEmpty()) {
                Checks.name(unit, "lighthouse unit");
            }
            if (runs < 1) {
                throw PerfguardException.badInput("lighthouse runs must be at least 1, was " + runs);
            }
        }

        public double delta() {
            return current - baseline;
        }

        @Override
        public String summary() {
            return num(baseline) + " → " + num(current) + (unit.isEmpty() ? "" : " " + unit) + " (" + change(baseline, current)
                    + ", " + runs + " runs" + p(pValue) + ")";
        }
    }

    /**
     * A rag_eval measure before and after a change, with the IDs of the queries that got worse and, when the
     * comparison computed one, the paired randomization test's two-sided p-value.
     */
    record RagEvalChange(String dataset, double before, double after, List<String> failingQueryIds, Optional<Double> pValue)
            implements Evidence {
        public RagEvalChange(String dataset, double before, double after, List<String> failingQueryIds) {
            this(dataset, before, after, failingQueryIds, Optional.empty());
        }

        public RagEvalChange {
            pValue = pValue == null ? Optional.empty() : pValue;
            pValue.ifPresent(p -> {
                if (!(p >= 0 && p <= 1)) {
                    throw PerfguardException.badInput("rag_eval pValue must lie in [0, 1], was " + p);
                }
            });
            Checks.name(dataset, "rag_eval dataset");
            Checks.finite(before, "rag_eval before");
            Checks.finite(after, "rag_eval after");
            failingQueryIds = Checks.list(failingQueryIds, "failing query ids");
            for (String id : failingQueryIds) {
                Checks.name(id, "failing query id");
            }
            if (new HashSet<>(failingQueryIds).size() != failingQueryIds.size()) {
                throw PerfguardException.badInput("failing query ids contain duplicates");
            }
        }

        public double delta() {
            return after - before;
        }

        @Override
        public String summary() {
            return num(before) + " → " + num(after) + " on " + dataset + " (" + change(before, after) + p(pValue) + ", "
                    + failingQueryIds.size() + " queries worse)";
        }
    }

    /** Production telemetry: the value in each reporting window and the limit it broke. */
    record TelemetryWindows(double limit, List<WindowValue> values) implements Evidence {
        public TelemetryWindows {
            Checks.finite(limit, "telemetry limit");
            values = Checks.list(values, "telemetry values");
            if (values.isEmpty()) {
                throw PerfguardException.badInput("telemetry values must hold at least one window value");
            }
        }

        @Override
        public String summary() {
            WindowValue last = values.getLast();
            return num(last.value()) + " in the window from " + last.windowStart() + " against the limit " + num(limit)
                    + " (" + values.size() + " window" + (values.size() == 1 ? "" : "s") + " of evidence)";
        }
    }

    /** One reporting window's aggregate of a telemetry expression. */
    record WindowValue(Instant windowStart, double value) {
        public WindowValue {
            Objects.requireNonNull(windowStart, "windowStart");
            Checks.finite(value, "window value");
        }
    }
}
