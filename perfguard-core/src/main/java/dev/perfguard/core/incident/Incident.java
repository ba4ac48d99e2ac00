package dev.perfguard.core.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.LoadTestFinding.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A "Performance Regression" incident: the evidence, what people think and decide, load tests, the
 * post-incident record and the append-only timeline.
 *
 * <p>An incident is an immutable value. Every command ({@link #attach}, {@link #transition},
 * {@link #addHypothesis}, ..., {@link #close}) returns a new incident with the change applied and one
 * timeline entry appended; existing timeline entries are never changed or removed. The value holds the
 * newest timeline entries, contiguous up to the last one appended ({@link #timelineSize} is that entry's
 * seq), and some or all deploy notes: a store keeps the whole history beside the incident's bounded state
 * and hands out the part a caller needs ({@link #heldAs}); an incident just opened holds everything.
 * Commands refuse
 * with a {@link PerfguardException}: {@link ErrorCode#CONFLICT} when the incident's state does not
 * allow the command (any command on a closed incident, an illegal transition, closing before the
 * gate passes), {@link ErrorCode#NOT_FOUND} for an unknown load test or task number, and
 * {@link ErrorCode#BAD_INPUT} for input that is wrong whatever the state (a load-test start under two
 * hours ahead, facts the decision tree refuses, evidence of another metric family). The pure rules
 * behind them ({@link Lifecycle}, {@link LoadTestSlots}, {@link DecisionTree}, {@link ClosingGate})
 * answer with sealed results instead, for previews.
 */
public record Incident(
        String id,
        Fingerprint fingerprint,
        IncidentState state,
        Instant openedAt,
        List<Discrepancy> discrepancies,
        List<Hypothesis> hypotheses,
        List<DeployNote> deployNotes,
        List<ArtefactRef> artefacts,
        List<LoadTestRequest> loadTests,
        Optional<MitigationDecision> decision,
        List<FollowUp> followUps,
        Optional<PostIncidentSummary> summary,
        Optional<Closure> closure,
        List<TimelineEntry> timeline) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Incident {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw PerfguardException.badInput("incident id '" + id
                    + "' is invalid; expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(openedAt, "openedAt");
        discrepancies = Checks.list(discrepancies, "discrepancies");
        hypotheses = Checks.list(hypotheses, "hypotheses");
        deployNotes = Checks.list(deployNotes, "deployNotes");
        artefacts = Checks.list(artefacts, "artefacts");
        loadTests = Checks.list(loadTests, "loadTests");
        Objects.requireNonNull(decision, "decision");
        followUps = Checks.list(followUps, "followUps");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(closure, "closure");
        timeline = Checks.list(timeline, "timeline");
        if (discrepancies.isEmpty()) {
            throw PerfguardException.badInput("an incident needs at least one discrepancy");
        }
        Set<String> metrics = new HashSet<>();
        for (Discrepancy d : discrepancies) {
            requireFamily(fingerprint, d);
            if (!metrics.add(d.metric())) {
                throw PerfguardException.badInput("two discrepancies for metric " + d.metric());
            }
        }
        for (int i = 0; i < hypotheses.size(); i++) {
            requireNumber("hypothesis", hypotheses.get(i).number(), i);
        }
        for (int i = 0; i < loadTests.size(); i++) {
            requireNumber("load test", loadTests.get(i).number(), i);
        }
        for (int i = 0; i < followUps.size(); i++) {
            requireNumber("follow-up", followUps.get(i).number(), i);
        }
        if ((state == IncidentState.CLOSED) != closure.isPresent()) {
            throw new IllegalArgumentException("an incident has a closure exactly when it is closed: " + state);
        }
        if (timeline.isEmpty()) {
            throw new IllegalArgumentException("an incident holds at least its newest timeline entry");
        }
        long first = timeline.get(0).seq();
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).seq() != first + i) {
                throw new IllegalArgumentException("timeline seq " + timeline.get(i).seq() + " at position " + (i + 1)
                        + " after seq " + first);
            }
        }
    }

    /**
     * Opens an incident from discrepancies of one service and one metric family; the fingerprint is
     * derived from {@code service} and the discrepancies' family.
     */
    public static Incident open(String id, String service, List<Discrepancy> discrepancies, String who, Instant at) {
        Objects.requireNonNull(discrepancies, "discrepancies");
        if (discrepancies.isEmpty()) {
            throw PerfguardException.badInput("an incident needs at least one discrepancy");
        }
        Fingerprint fingerprint = Fingerprint.of(service, discrepancies.get(0).metric());
        TimelineEntry opened = new TimelineEntry(1, at, who, TimelineEntry.Kind.OPENED,
                "opened " + fingerprint.key() + " from " + metricList(discrepancies));
        return new Incident(id, fingerprint, IncidentState.OPEN, at, discrepancies, List.of(), List.of(), List.of(),
                List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(opened));
    }

    /** The number of timeline entries the incident has, held here or not: the newest entry's seq. */
    public long timelineSize() {
        return timeline.get(timeline.size() - 1).seq();
    }

    /** Whether this value holds the whole timeline, from the opening on. */
    public boolean holdsWholeTimeline() {
        return timeline.get(0).seq() == 1;
    }

    /**
     * The same incident holding other deploy notes and timeline entries: the store's way to keep the
     * unbounded history out of the value it reads for a command and to hand out pages of it.
     */
    public Incident heldAs(List<DeployNote> notes, List<TimelineEntry> entries) {
        return new Incident(id, fingerprint, state, openedAt, discrepancies, hypotheses, notes, artefacts, loadTests,
                decision, followUps, summary, closure, entries);
    }

    public String service() {
        return fingerprint.service();
    }

    public String metricFamily() {
        return fingerprint.metricFamily();
    }

    /** The triggering metrics, in the order they were first reported. */
    public List<String> triggeringMetrics() {
        return discrepancies.stream().map(Discrepancy::metric).toList();
    }

    /**
     * Attaches a repeated report: a discrepancy for a metric already present replaces its evidence,
     * a new metric of the same family is added.
     */
    public Incident attach(List<Discrepancy> reported, String who, Instant at) {
        requireNotClosed("attach evidence to");
        Objects.requireNonNull(reported, "reported");
        if (reported.isEmpty()) {
            throw PerfguardException.badInput("a report needs at least one discrepancy");
        }
        List<Discrepancy> merged = new ArrayList<>(discrepancies);
        List<String> updated = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Discrepancy d : reported) {
            requireFamily(fingerprint, d);
            int index = indexOfMetric(merged, d.metric());
            if (index >= 0) {
                merged.set(index, d);
                updated.add(d.metric());
            } else {
                merged.add(d);
                added.add(d.metric());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!updated.isEmpty()) {
            parts.add("updated evidence for " + String.join(", ", updated));
        }
        return with(merged, hypotheses, deployNotes, artefacts, loadTests, decision, followUps, summary)
                .append(at, who, TimelineEntry.Kind.EVIDENCE, "report attached: " + String.join("; ", parts));
    }

    /** Moves along the lifecycle; closing goes through {@link #close} or {@link #closeWithOverride}. */
    public Incident transition(IncidentState to, String who, Instant at) {
        Objects.requireNonNull(to, "to");
        if (to == IncidentState.CLOSED && state != IncidentState.CLOSED) {
            throw new PerfguardException(ErrorCode.CONFLICT,
                    "closing goes through the closing gate: use close (or an admin override with a reason)");
        }
        Lifecycle.require(state, to);
        return new Incident(id, fingerprint, to, openedAt, discrepancies, hypotheses, deployNotes, artefacts, loadTests,
                decision, followUps, summary, closure, timeline)
                .append(at, who, TimelineEntry.Kind.TRANSITION, state.wireName() + " → " + to.wireName());
    }

    /** Records a hypothesis with its owning squad and the flag states current now. */
    public Incident addHypothesis(String rootCause, SquadAssignment owner, List<FlagState> flags, String who, Instant at) {
        requireNotClosed("add a hypothesis to");
        Hypothesis h = new Hypothesis(hypotheses.size() + 1, rootCause, owner, flags, who, at);
        return with(discrepancies, plus(hypotheses, h), deployNotes, artefacts, loadTests, decision, followUps, summary)
                .append(at, who, TimelineEntry.Kind.HYPOTHESIS, "hypothesis " + h.number() + " (owner "
                        + owner.describe() + "): " + Markdown.inline(firstLine(rootCause)));
    }

    public Incident addDeployNote(String text, String who, Instant at) {
        requireNotClosed("add a deploy note to");
        DeployNote note = new DeployNote(text, who, at);
        return with(discrepancies, hypotheses, plus(deployNotes, note), artefacts, loadTests, decision, followUps, summary)
                .append(at, who, TimelineEntry.Kind.DEPLOY_NOTE, "deploy note: " + Markdown.inline(firstLine(text)));
    }

    /**
     * Adds an artefact reference. The same name with the same content is a no-op (a retried upload);
     * the same name with other content is a {@code CONFLICT}.
     */
    public Incident addArtefact(ArtefactRef artefact) {
        requireNotClosed("add an artefact to");
        Objects.requireNonNull(artefact, "artefact");
        for (ArtefactRef existing : artefacts) {
            if (existing.name().equals(artefact.name())) {
                if (existing.sha256().equals(artefact.sha256())) {
                    return this;
                }
                throw new PerfguardException(ErrorCode.CONFLICT, "incident " + id + " already has an artefact named "
                        + artefact.name() + " with other content (sha256 " + existing.sha256() + ")");
            }
        }
        return with(discrepancies, hypotheses, deployNotes, plus(artefacts, artefact), loadTests, decision, followUps,
                summary)
                .append(artefact.addedAt(), artefact.addedBy(), TimelineEntry.Kind.ARTEFACT, "artefact " + artefact.name()
                        + " (" + artefact.sizeBytes() + " bytes, sha256 " + artefact.sha256().substring(0, 12) + ")");
    }

    /** Requests a load-test slot; a start less than two hours after {@code now} is a {@code BAD_INPUT}. */
    public Incident requestLoadTest(LoadTestPlan plan, String who, Instant now) {
        requireNotClosed("request a load test for");
        Objects.requireNonNull(plan, "plan");
        if (LoadTestSlots.check(plan.start(), now) instanceof LoadTestSlots.SlotCheck.TooSoon tooSoon) {
            throw PerfguardException.badInput(tooSoon.reason());
        }
        LoadTestRequest request = new LoadTestRequest(loadTests.size() + 1, plan, who, now, LoadTestState.REQUESTED,
                Optional.empty());
        return with(discrepancies, hypotheses, deployNotes, artefacts, plus(loadTests, request), decision, followUps,
                summary)
                .append(now, who, TimelineEntry.Kind.LOAD_TEST, "load test " + request.number() + " requested for "
                        + plan.start() + ": " + String.join(", ", plan.scenarios()) + " at concurrency "
                        + plan.concurrency() + ", data refresh: " + Markdown.inline(plan.dataRefresh()));
    }

    public Incident confirmLoadTest(int number, String who, Instant at) {
        requireNotClosed("confirm a load test of");
        LoadTestRequest moved = loadTest(number).moveTo(LoadTestState.CONFIRMED, Optional.empty());
        return withLoadTest(moved).append(at, who, TimelineEntry.Kind.LOAD_TEST, "load test " + number + " confirmed");
    }

    public Incident cancelLoadTest(int number, String reason, String who, Instant at) {
        requireNotClosed("cancel a load test of");
        Checks.text(reason, "cancel reason", Checks.LONG);
        LoadTestRequest moved = loadTest(number).moveTo(LoadTestState.CANCELLED, Optional.empty());
        return withLoadTest(moved).append(at, who, TimelineEntry.Kind.LOAD_TEST,
                "load test " + number + " cancelled: " + Markdown.inline(reason));
    }

    /** Posts the finding of a confirmed load test, which makes it done. */
    public Incident completeLoadTest(int number, LoadTestFinding finding) {
        requireNotClosed("post a load-test finding to");
        Objects.requireNonNull(finding, "finding");
        LoadTestRequest moved = loadTest(number).moveTo(LoadTestState.DONE, Optional.of(finding));
        return withLoadTest(moved).append(finding.recordedAt(), finding.author(), TimelineEntry.Kind.LOAD_TEST,
                "load test " + number + " done, verdict " + finding.verdict().wireName() + ": "
                        + Markdown.inline(firstLine(finding.summary())));
    }

    /**
     * Runs the decision tree and records its branch and required actions as tasks; a new decision
     * replaces the previous one (both stay in the timeline). Facts the tree refuses are a {@code BAD_INPUT}.
     */
    public Incident decide(MitigationFacts facts, String who, Instant at) {
        requireNotClosed("decide a mitigation for");
        DecisionTree.Result result = DecisionTree.decide(facts, at);
        if (result instanceof DecisionTree.Result.Refused refused) {
            throw PerfguardException.badInput("decision refused (" + refused.branch().wireName() + "): " + refused.reason());
        }
        DecisionTree.Result.Decided decided = (DecisionTree.Result.Decided) result;
        List<MitigationTask> tasks = new ArrayList<>();
        for (DecisionTree.Required r : decided.actions()) {
            tasks.add(new MitigationTask(tasks.size() + 1, r.action(), r.title(), Optional.empty(), Optional.empty()));
        }
        MitigationDecision d = new MitigationDecision(facts, decided.branch(), decided.containment(),
                decided.riskAcceptance(), tasks, decided.devopsDmNeeded(), who, at);
        String replaced = decision.map(old -> " (replaces " + old.branch().wireName() + ")").orElse("");
        return with(discrepancies, hypotheses, deployNotes, artefacts, loadTests, Optional.of(d), followUps, summary)
                .append(at, who, TimelineEntry.Kind.DECISION, "decided " + d.branch().wireName()
                        + d.containment().map(c -> " with " + c.wireName()).orElse("") + replaced + "; "
                        + tasks.size() + " tasks" + (d.devopsDmNeeded() ? ", DevOps DM needed" : ""));
    }

    /** Marks a task of the current decision done. */
    public Incident completeTask(int number, String who, Instant at) {
        requireNotClosed("complete a task of");
        MitigationDecision d = decision.orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                "incident " + id + " has no mitigation decision, so no task " + number));
        if (number < 1 || number > d.tasks().size()) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "incident " + id + " has no task " + number
                    + "; tasks are 1 to " + d.tasks().size());
        }
        MitigationTask task = d.tasks().get(number - 1);
        if (task.done()) {
            throw new PerfguardException(ErrorCode.CONFLICT, "task " + number + " was already done by "
                    + task.doneBy().orElseThrow() + " at " + task.doneAt().orElseThrow());
        }
        List<MitigationTask> tasks = new ArrayList<>(d.tasks());
        tasks.set(number - 1, new MitigationTask(number, task.action(), task.title(), Optional.of(who), Optional.of(at)));
        MitigationDecision updated = new MitigationDecision(d.facts(), d.branch(), d.containment(), d.riskAcceptance(),
                tasks, d.devopsDmNeeded(), d.decidedBy(), d.decidedAt());
        return with(discrepancies, hypotheses, deployNotes, artefacts, loadTests, Optional.of(updated), followUps, summary)
                .append(at, who, TimelineEntry.Kind.TASK, "task " + number + " done: " + Markdown.inline(task.title()));
    }

    public Incident addFollowUp(FollowUp.Kind kind, String title, Optional<String> squad, String who, Instant at) {
        requireNotClosed("add a follow-up to");
        FollowUp f = new FollowUp(followUps.size() + 1, kind, title, squad, who, at);
        return with(discrepancies, hypotheses, deployNotes, artefacts, loadTests, decision, plus(followUps, f), summary)
                .append(at, who, TimelineEntry.Kind.FOLLOW_UP, "follow-up " + f.number() + " (" + kind.wireName() + "): "
                        + title);
    }

    /** Writes the post-incident summary with the timeline section drafted from the timeline so far. */
    public Incident writeSummary(String rootCause, String remediation, String who, Instant at) {
        requireNotClosed("write the summary of");
        if (!holdsWholeTimeline()) {
            throw new IllegalStateException("the summary is drafted from the whole timeline; incident " + id
                    + " holds it from seq " + timeline.get(0).seq());
        }
        PostIncidentSummary s = new PostIncidentSummary(PostIncidentSummary.draftTimeline(timeline), timeline.size(),
                rootCause, remediation, who, at);
        return writeSummary(s);
    }

    /** Stores a (possibly edited) post-incident summary; a later one replaces an earlier one. */
    public Incident writeSummary(PostIncidentSummary s) {
        requireNotClosed("write the summary of");
        Objects.requireNonNull(s, "summary");
        if (s.timelineThrough() > timelineSize()) {
            throw PerfguardException.badInput("the summary covers timeline entry " + s.timelineThrough()
                    + " but the timeline has " + timelineSize());
        }
        return with(discrepancies, hypotheses, deployNotes, artefacts, loadTests, decision, followUps, Optional.of(s))
                .append(s.writtenAt(), s.author(), TimelineEntry.Kind.SUMMARY, "post-incident summary written");
    }

    /** Appends a free timeline entry: a notification sent, a note. */
    public Incident note(TimelineEntry.Kind kind, String what, String who, Instant at) {
        requireNotClosed("add a note to");
        if (kind != TimelineEntry.Kind.NOTE && kind != TimelineEntry.Kind.NOTIFICATION) {
            throw new IllegalArgumentException("free entries are NOTE or NOTIFICATION, not " + kind);
        }
        Checks.text(what, kind == TimelineEntry.Kind.NOTE ? "note" : "notification", Checks.LONG);
        return append(at, who, kind, what);
    }

    /**
     * Everything that stops a regular close now, as sentences; empty when {@link #close} would succeed.
     * Lists the lifecycle refusal, a missing summary, and each closing-gate problem.
     */
    public List<String> closeBlockers(ClosingGate gate, Collection<ReportingWindow> windows, Instant now) {
        List<String> blockers = new ArrayList<>(stateAndSummaryBlockers());
        if (gate.evaluate(triggeringMetrics(), windows, openedAt, containedAt(), now) instanceof ClosingGate.Result.NotClosable refused) {
            refused.problems().forEach(p -> blockers.add(p.describe()));
        }
        return blockers;
    }

    /** Closes through the gate; refused with a {@code CONFLICT} listing every blocker. */
    public Incident close(ClosingGate gate, Collection<ReportingWindow> windows, String who, Instant now) {
        Objects.requireNonNull(gate, "gate");
        List<String> blockers = closeBlockers(gate, windows, now);
        if (!blockers.isEmpty()) {
            throw new PerfguardException(ErrorCode.CONFLICT, "incident " + id + " cannot be closed: "
                    + String.join("; ", blockers));
        }
        ClosingGate.Result.Closable passed =
                (ClosingGate.Result.Closable) gate.evaluate(triggeringMetrics(), windows, openedAt, containedAt(), now);
        return closed(new Closure(who, now, new Closure.Basis.GatePassed(passed.windowStarts())),
                "closed: metrics within tolerance in windows starting " + passed.windowStarts().stream()
                        .map(Instant::toString).collect(Collectors.joining(", ")));
    }

    /**
     * Closes despite the gate (the caller checked the admin role): the lifecycle and the summary are
     * still required; the reason and the gate problems set aside are recorded.
     */
    public Incident closeWithOverride(String reason, ClosingGate gate, Collection<ReportingWindow> windows,
            String admin, Instant now) {
        Checks.text(reason, "override reason", Checks.LONG);
        Objects.requireNonNull(gate, "gate");
        List<String> blockers = stateAndSummaryBlockers();
        if (!blockers.isEmpty()) {
            throw new PerfguardException(ErrorCode.CONFLICT, "incident " + id + " cannot be closed: "
                    + String.join("; ", blockers));
        }
        List<String> problems = gate.evaluate(triggeringMetrics(), windows, openedAt, containedAt(), now)
                instanceof ClosingGate.Result.NotClosable refused
                ? refused.problems().stream().map(ClosingGate.Problem::describe).toList()
                : List.of();
        return closed(new Closure(admin, now, new Closure.Basis.AdminOverride(reason, problems)),
                "closed by admin override: " + Markdown.inline(reason)
                        + (problems.isEmpty() ? "" : " (gate problems set aside: " + String.join("; ", problems) + ")"));
    }

    /**
     * When the current decision's containment was done: the time its feature-flag rollback or traffic-shaping
     * task was marked done. The closing gate counts only windows from then on.
     */
    public Optional<Instant> containedAt() {
        return decision.flatMap(d -> d.tasks().stream()
                .filter(t -> t.action() == MitigationTask.Action.FEATURE_FLAG_ROLLBACK
                        || t.action() == MitigationTask.Action.TRAFFIC_SHAPING)
                .flatMap(t -> t.doneAt().stream())
                .max(Instant::compareTo));
    }

    /** The load tests that ended with {@code verdict}. */
    public List<LoadTestRequest> loadTestsWithVerdict(Verdict verdict) {
        return loadTests.stream().filter(t -> t.finding().map(f -> f.verdict() == verdict).orElse(false)).toList();
    }

    private List<String> stateAndSummaryBlockers() {
        List<String> blockers = new ArrayList<>();
        if (Lifecycle.check(state, IncidentState.CLOSED) instanceof TransitionResult.Refused refused) {
            blockers.add(refused.reason());
        }
        if (summary.isEmpty() && state != IncidentState.CLOSED) {
            blockers.add("the post-incident summary (root cause, remediation) is not written");
        }
        return blockers;
    }

    private Incident closed(Closure c, String what) {
        return new Incident(id, fingerprint, IncidentState.CLOSED, openedAt, discrepancies, hypotheses, deployNotes,
                artefacts, loadTests, decision, followUps, summary, Optional.of(c), timeline)
                .append(c.closedAt(), c.closedBy(), TimelineEntry.Kind.CLOSED, what);
    }

    private LoadTestRequest loadTest(int number) {
        if (number < 1 || number > loadTests.size()) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "incident " + id + " has no load test " + number
                    + (loadTests.isEmpty() ? "" : "; load tests are 1 to " + loadTests.size()));
        }
        return loadTests.get(number - 1);
    }

    private Incident withLoadTest(LoadTestRequest moved) {
        List<LoadTestRequest> tests = new ArrayList<>(loadTests);
        tests.set(moved.number() - 1, moved);
        return with(discrepancies, hypotheses, deployNotes, artefacts, tests, decision, followUps, summary);
    }

    private void requireNotClosed(String action) {
        if (state == IncidentState.CLOSED) {
            throw new PerfguardException(ErrorCode.CONFLICT, "cannot " + action + " incident " + id + ": it is closed");
        }
    }

    private Incident with(List<Discrepancy> ds, List<Hypothesis> hs, List<DeployNote> ns, List<ArtefactRef> as,
            List<LoadTestRequest> ls, Optional<MitigationDecision> d, List<FollowUp> fs, Optional<PostIncidentSummary> s) {
        return new Incident(id, fingerprint, state, openedAt, ds, hs, ns, as, ls, d, fs, s, closure, timeline);
    }

    /**
     * Appends a timeline entry. {@code what} is perfguard's words around a user's text, which its own record
     * (a deploy note, a hypothesis) has already checked against its limit; a text at that limit plus the
     * prefix is cut to the entry's limit (the full text stays in its record), so the prefix never makes a
     * text within its limit fail.
     */
    private Incident append(Instant at, String who, TimelineEntry.Kind kind, String what) {
        TimelineEntry entry = new TimelineEntry(timelineSize() + 1, at, who, kind, clip(what));
        return new Incident(id, fingerprint, state, openedAt, discrepancies, hypotheses, deployNotes, artefacts,
                loadTests, decision, followUps, summary, closure, plus(timeline, entry));
    }

    private static void requireFamily(Fingerprint fingerprint, Discrepancy d) {
        if (!d.metricFamily().equals(fingerprint.metricFamily())) {
            throw PerfguardException.badInput("metric " + d.metric() + " is of family " + d.metricFamily()
                    + " but incident fingerprint " + fingerprint.key() + " is of family " + fingerprint.metricFamily());
        }
    }

    private static int indexOfMetric(List<Discrepancy> ds, String metric) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i).metric().equals(metric)) {
                return i;
            }
        }
        return -1;
    }

    private static void requireNumber(String what, int number, int index) {
        if (number != index + 1) {
            throw new IllegalArgumentException(what + " number " + number + " at position " + (index + 1));
        }
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    private static String metricList(List<Discrepancy> ds) {
        return ds.stream().map(Discrepancy::metric).collect(Collectors.joining(", "));
    }

    private static String clip(String what) {
        if (what == null || what.length() <= Checks.LONG) {
            return what;
        }
        int end = Checks.LONG - 1;
        if (Character.isHighSurrogate(what.charAt(end - 1))) {
            end--;
        }
        return what.substring(0, end) + "…";
    }

    /** The most characters of a note's, hypothesis's or finding's text its timeline entry repeats. */
    public static final int TIMELINE_EXCERPT = 200;

    private static String firstLine(String text) {
        String stripped = text.strip();
        int nl = stripped.indexOf('\n');
        String line = nl < 0 ? stripped : stripped.substring(0, nl).strip();
        if (line.length() > TIMELINE_EXCERPT) {
            return line.substring(0, TIMELINE_EXCERPT).strip() + " …";
        }
        return nl < 0 ? line : line + " …";
    }
}
