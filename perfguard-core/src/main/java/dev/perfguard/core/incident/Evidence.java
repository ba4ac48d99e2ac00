package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a metric is a discrepancy, by source. Values are in the metric's own unit (milliseconds for
 * {@code lighthouse.lcp_ms}, a unitless score for CLS or nDCG); the delta is {@code after - before}.
 */
public sealed interface Evidence {

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
    }

    /** One reporting window's aggregate of a telemetry expression. */
    record WindowValue(Instant windowStart, double value) {
        public WindowValue {
            Objects.requireNonNull(windowStart, "windowStart");
            Checks.finite(value, "window value");
        }
    }
}
