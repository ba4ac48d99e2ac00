package dev.perfguard.core.incident;

import static dev.perfguard.core.incident.MitigationTask.Action.CANARY_WITH_ENHANCED_LOGGING;
import static dev.perfguard.core.incident.MitigationTask.Action.DM_DEVOPS_ONCALL;
import static dev.perfguard.core.incident.MitigationTask.Action.FEATURE_FLAG_ROLLBACK;
import static dev.perfguard.core.incident.MitigationTask.Action.MONITOR_DASHBOARDS;
import static dev.perfguard.core.incident.MitigationTask.Action.PATCH;
import static dev.perfguard.core.incident.MitigationTask.Action.RERUN_CI_LIGHTHOUSE;
import static dev.perfguard.core.incident.MitigationTask.Action.RERUN_CI_RAG_EVAL;
import static dev.perfguard.core.incident.MitigationTask.Action.REVIEW_RISK_ACCEPTANCE;
import static dev.perfguard.core.incident.MitigationTask.Action.ROLLOUT_PLAN_WITH_DEVOPS;
import static dev.perfguard.core.incident.MitigationTask.Action.TRAFFIC_SHAPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.DecisionTree.Result.Decided;
import dev.perfguard.core.incident.DecisionTree.Result.Refused;
import dev.perfguard.core.incident.MitigationFacts.Containment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionTreeTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final RiskAcceptance RISK =
            new RiskAcceptance("tl-maria", "checkout launch beats 5% LCP", Instant.parse("2026-12-04T10:00:00Z"));

    @ParameterizedTest(name = "fix in {0}, infra={1} -> {2}")
    @CsvSource({
        "PT1M, false, FAST_FIX",
        "PT1H59M59.999999999S, false, FAST_FIX",
        "PT2H, false, NO_IMMEDIATE_FIX",
        "PT2H0.000000001S, false, NO_IMMEDIATE_FIX",
        "PT30M, true, INFRASTRUCTURE",
        "PT2H, true, INFRASTRUCTURE",
        "PT48H, true, INFRASTRUCTURE"})
    void branchBoundaries(Duration estimate, boolean infra, MitigationBranch expected) {
        assertThat(DecisionTree.branchOf(MitigationFacts.fix(estimate, infra))).isEqualTo(expected);
    }

    @Test
    void noFixWithoutInfrastructureIsNoImmediateFixAndWithItInfrastructure() {
        assertThat(DecisionTree.branchOf(MitigationFacts.noFix(Containment.FEATURE_FLAG_ROLLBACK, Optional.empty())))
                .isEqualTo(MitigationBranch.NO_IMMEDIATE_FIX);
        assertThat(DecisionTree.branchOf(new MitigationFacts(false, Optional.empty(), true, Optional.empty(),
                Optional.empty()))).isEqualTo(MitigationBranch.INFRASTRUCTURE);
    }

    @Test
    void fastFixActions() {
        Decided d = (Decided) DecisionTree.decide(MitigationFacts.fix(Duration.ofMinutes(90), false), NOW);

        assertThat(d.branch()).isEqualTo(MitigationBranch.FAST_FIX);
        assertThat(d.actions()).extracting(DecisionTree.Required::action)
                .containsExactly(PATCH, RERUN_CI_LIGHTHOUSE, RERUN_CI_RAG_EVAL, MONITOR_DASHBOARDS);
        assertThat(d.actions().get(0).title()).isEqualTo("Implement and ship the patch (estimate 1h 30m)");
        assertThat(d.devopsDmNeeded()).isFalse();
    }

    @Test
    void infrastructureActionsNeedDevops() {
        Decided d = (Decided) DecisionTree.decide(MitigationFacts.fix(Duration.ofMinutes(30), true), NOW);

        assertThat(d.actions()).extracting(DecisionTree.Required::action)
                .containsExactly(DM_DEVOPS_ONCALL, ROLLOUT_PLAN_WITH_DEVOPS, CANARY_WITH_ENHANCED_LOGGING, MONITOR_DASHBOARDS);
        assertThat(d.devopsDmNeeded()).isTrue();
    }

    @Test
    void flagRollbackNeedsNoRiskAcceptanceButADevopsDm() {
        Decided d = (Decided) DecisionTree.decide(MitigationFacts.noFix(Containment.FEATURE_FLAG_ROLLBACK,
                Optional.empty()), NOW);

        assertThat(d.actions()).extracting(DecisionTree.Required::action)
                .containsExactly(DM_DEVOPS_ONCALL, FEATURE_FLAG_ROLLBACK, MONITOR_DASHBOARDS);
        assertThat(d.devopsDmNeeded()).isTrue();
        assertThat(d.riskAcceptance()).isEmpty();
    }

    @Test
    void changesThatStayLiveNeedARiskAcceptance() {
        for (Containment live : List.of(Containment.TRAFFIC_SHAPING, Containment.LEAVE_LIVE)) {
            assertThat(DecisionTree.decide(MitigationFacts.noFix(live, Optional.empty()), NOW))
                    .isInstanceOfSatisfying(Refused.class, r -> {
                        assertThat(r.branch()).isEqualTo(MitigationBranch.NO_IMMEDIATE_FIX);
                        assertThat(r.reason()).contains("risk acceptance with who, why and until when is required");
                    });
        }
    }

    @Test
    void trafficShapingWithRiskAcceptance() {
        Decided d = (Decided) DecisionTree.decide(MitigationFacts.noFix(Containment.TRAFFIC_SHAPING, Optional.of(RISK)),
                NOW);

        assertThat(d.actions()).extracting(DecisionTree.Required::action)
                .containsExactly(DM_DEVOPS_ONCALL, TRAFFIC_SHAPING, REVIEW_RISK_ACCEPTANCE, MONITOR_DASHBOARDS);
        assertThat(d.riskAcceptance()).contains(RISK);
    }

    @Test
    void leaveLiveNeedsNoDevops() {
        Decided d = (Decided) DecisionTree.decide(MitigationFacts.noFix(Containment.LEAVE_LIVE, Optional.of(RISK)), NOW);

        assertThat(d.actions()).extracting(DecisionTree.Required::action)
                .containsExactly(REVIEW_RISK_ACCEPTANCE, MONITOR_DASHBOARDS);
        assertThat(d.devopsDmNeeded()).isFalse();
    }

    @Test
    void riskAcceptanceMustEndStrictlyAfterNow() {
        RiskAcceptance endsNow = new RiskAcceptance("tl", "why", NOW);
        RiskAcceptance endsJustAfter = new RiskAcceptance("tl", "why", NOW.plusNanos(1));

        assertThat(DecisionTree.decide(MitigationFacts.noFix(Containment.LEAVE_LIVE, Optional.of(endsNow)), NOW))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).contains("not after now"));
        assertThat(DecisionTree.decide(MitigationFacts.noFix(Containment.LEAVE_LIVE, Optional.of(endsJustAfter)), NOW))
                .isInstanceOf(Decided.class);
    }

    @Test
    void noImmediateFixWithoutContainmentIsRefused() {
        MitigationFacts facts = new MitigationFacts(true, Optional.of(Duration.ofHours(2)), false, Optional.empty(),
                Optional.empty());

        assertThat(DecisionTree.decide(facts, NOW)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).contains("choose a containment"));
    }

    @Test
    void aSlowFixCanBeContainedMeanwhile() {
        MitigationFacts facts = new MitigationFacts(true, Optional.of(Duration.ofHours(5)), false,
                Optional.of(Containment.FEATURE_FLAG_ROLLBACK), Optional.empty());

        assertThat(DecisionTree.decide(facts, NOW)).isInstanceOfSatisfying(Decided.class,
                d -> assertThat(d.branch()).isEqualTo(MitigationBranch.NO_IMMEDIATE_FIX));
    }

    @Test
    void containmentOrRiskOnOtherBranchesIsRefusedNotIgnored() {
        MitigationFacts fast = new MitigationFacts(true, Optional.of(Duration.ofHours(1)), false,
                Optional.of(Containment.FEATURE_FLAG_ROLLBACK), Optional.empty());
        MitigationFacts infra = new MitigationFacts(true, Optional.of(Duration.ofHours(1)), true, Optional.empty(),
                Optional.of(RISK));
        MitigationFacts rollbackWithRisk = MitigationFacts.noFix(Containment.FEATURE_FLAG_ROLLBACK, Optional.of(RISK));

        assertThat(DecisionTree.decide(fast, NOW)).isInstanceOf(Refused.class);
        assertThat(DecisionTree.decide(infra, NOW)).isInstanceOf(Refused.class);
        assertThat(DecisionTree.decide(rollbackWithRisk, NOW)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).contains("only for changes that stay live"));
    }

    @Test
    void factsAreValidated() {
        assertThatThrownBy(() -> new MitigationFacts(true, Optional.empty(), false, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("fix estimate is required");
        assertThatThrownBy(() -> new MitigationFacts(false, Optional.of(Duration.ofHours(1)), false, Optional.empty(),
                Optional.empty())).hasMessageContaining("no fix is available");
        assertThatThrownBy(() -> MitigationFacts.fix(Duration.ZERO, false)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> MitigationFacts.fix(Duration.ofMinutes(-5), false)).hasMessageContaining("must be positive");
    }
}
