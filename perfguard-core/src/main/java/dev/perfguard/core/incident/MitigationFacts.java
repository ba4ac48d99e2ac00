package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts the runbook's decision tree asks about (runbook step 4).
 *
 * @param fixAvailable whether a fix is known
 * @param fixEstimate how long the fix takes to ship; present (and positive) exactly when a fix is available
 * @param needsInfrastructure whether the remedy needs infrastructure changes
 * @param containment for the no-immediate-fix branch: how the change is contained
 * @param riskAcceptance required when the contained change stays live
 */
public record MitigationFacts(boolean fixAvailable, Optional<Duration> fixEstimate, boolean needsInfrastructure,
        Optional<Containment> containment, Optional<RiskAcceptance> riskAcceptance) {

    /** What to do with the change when there is no immediate fix. */
    public enum Containment {
        /** Turn the change off with its feature flag: the change no longer runs. */
        FEATURE_FLAG_ROLLBACK(false),
        /** Route or throttle traffic away from the change: it stays live for the remaining traffic. */
        TRAFFIC_SHAPING(true),
        /** Leave the change fully live. */
        LEAVE_LIVE(true);

        private final boolean staysLive;

        Containment(boolean staysLive) {
            this.staysLive = staysLive;
        }

        /** Whether the change keeps serving (some) traffic, so a risk acceptance is needed. */
        public boolean staysLive() {
            return staysLive;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public MitigationFacts {
        Objects.requireNonNull(fixEstimate, "fixEstimate");
        Objects.requireNonNull(containment, "containment");
        Objects.requireNonNull(riskAcceptance, "riskAcceptance");
        if (fixAvailable && fixEstimate.isEmpty()) {
            throw PerfguardException.badInput("fix estimate is required when a fix is available");
        }
        if (!fixAvailable && fixEstimate.isPresent()) {
            throw PerfguardException.badInput("fix estimate given but no fix is available; drop the estimate or say a fix is available");
        }
        fixEstimate.ifPresent(e -> {
            if (e.isNegative() || e.isZero()) {
                throw PerfguardException.badInput("fix estimate must be positive, was " + e);
            }
        });
    }

    /** Facts for "a fix is available, it takes {@code estimate}". */
    public static MitigationFacts fix(Duration estimate, boolean needsInfrastructure) {
        return new MitigationFacts(true, Optional.of(estimate), needsInfrastructure, Optional.empty(), Optional.empty());
    }

    /** Facts for "no fix available" with a containment and, when it stays live, a risk acceptance. */
    public static MitigationFacts noFix(Containment containment, Optional<RiskAcceptance> riskAcceptance) {
        return new MitigationFacts(false, Optional.empty(), false, Optional.of(containment), riskAcceptance);
    }
}
