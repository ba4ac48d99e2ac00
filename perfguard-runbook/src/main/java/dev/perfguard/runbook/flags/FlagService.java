package dev.perfguard.runbook.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.MitigationBranch;
import dev.perfguard.core.incident.MitigationDecision;
import dev.perfguard.core.incident.MitigationFacts.Containment;
import dev.perfguard.core.incident.MitigationTask;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.incident.FlagCapture;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.notify.Message;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Feature flags in the incident runbook, over one {@link FlagStore}:
 * <ul>
 *   <li>capture ({@link FlagCapture}): the flag states stored with the incident at its opening and with every
 *       hypothesis and deploy note, and each state change seen since the previous capture kept in the flag
 *       change log;</li>
 *   <li>the diff of flags between two times ({@link #diff}, {@link #diffFor}), from that log and the store's
 *       own history (Unleash events);</li>
 *   <li>containment of the decision tree's "no immediate fix" branch: {@link #request} a flag rollback or
 *       traffic shaping (DevOps asked by the Slack DM), {@link #approve} or {@link #deny} it as a responder;
 *       an approved rollback turns the flag off, audits who, when, before and after, marks the decision's
 *       containment task done (so the closing gate counts only the windows after it) and notifies the
 *       channels through the timeline. A failed toggle is recorded on the incident and thrown.</li>
 * </ul>
 */
public final class FlagService {
    /** How far before the regression {@link #diffFor} looks when no baseline time is given. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<FlagState>> STATES = new TypeReference<>() {};

    private final Store db;
    private final FlagStore flags;
    private final IncidentService incidents;
    private final OutboxRouting routing;
    private final Duration lookback;

    public FlagService(Store db, FlagStore flags, IncidentService incidents, OutboxRouting routing,
            Duration lookback) {
        this.db = Objects.requireNonNull(db, "db");
        this.flags = Objects.requireNonNull(flags, "flags");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.lookback = Objects.requireNonNull(lookback, "lookback");
        if (lookback.isNegative() || lookback.isZero()) {
            throw PerfguardException.badInput("flags.diff_lookback must be positive, was " + lookback);
        }
    }

    public FlagStore store() {
        return flags;
    }

    // ---------------------------------------------------------------- capture

    /**
     * The capture of {@code flags} for the incident service (built before it, so it cannot be this service):
     * reads the store, and stores what it read with the incident change, adding to the flag change log each
     * state that differs from the last one logged.
     */
    public static FlagCapture capture(FlagStore flags) {
        Objects.requireNonNull(flags, "flags");
        return new FlagCapture() {
            @Override
            public Captured read() {
                try {
                    return new Captured(flags.describe(), flags.all().stream().map(FlagValue::asFlagState).toList(),
                            Optional.empty());
                } catch (RuntimeException e) {
                    return new Captured(flags.describe(), List.of(), Optional.of(String.valueOf(e.getMessage())));
                }
            }

            @Override
            public void record(Handle h, String incidentId, String cause, Captured captured, Instant at) {
                recordCapture(h, incidentId, cause, captured, at);
            }
        };
    }

    private static void recordCapture(Handle h, String incidentId, String cause, FlagCapture.Captured captured, Instant at) {
        long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM flag_capture WHERE incident_id = :id")
                .bind("id", incidentId).mapTo(Long.class).one() + 1;
        h.createUpdate("""
                INSERT INTO flag_capture (incident_id, seq, at_ms, cause, store, flags, error)
                VALUES (:id, :seq, :at, :cause, :store, :flags, :error)""")
                .bind("id", incidentId).bind("seq", seq).bind("at", at.toEpochMilli()).bind("cause", cause)
                .bind("store", captured.store()).bind("flags", json(captured.flags()))
                .bind("error", captured.error().orElse(null)).execute();
        for (FlagState f : captured.flags()) {
            Optional<String> last = stateAt(h, captured.store(), f.flag(), at);
            if (last.isEmpty() || !last.get().equals(f.state())) {
                insertChange(h, new FlagChange(f.flag(), last, f.state(), at, cause, "capture"), captured.store(),
                        Optional.of(incidentId));
            }
        }
    }

    /** One capture: when, why ({@code the opening of ID}, {@code hypothesis 2}, {@code deploy note 3: ...}), what was read. */
    public record Capture(long seq, Instant at, String cause, String store, List<FlagState> flags, Optional<String> error) {
        public Capture {
            flags = List.copyOf(flags);
        }
    }

    /** The captures of incident {@code id}, oldest first. */
    public List<Capture> captures(String id) {
        return db.inReadTransaction(h -> h.createQuery("""
                SELECT seq, at_ms, cause, store, flags, error FROM flag_capture WHERE incident_id = :id ORDER BY seq""")
                .bind("id", id)
                .map((rs, ctx) -> new Capture(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("cause"),
                        rs.getString("store"), states(rs.getString("flags")), Optional.ofNullable(rs.getString("error"))))
                .list());
    }

    // ---------------------------------------------------------------- diff

    /**
     * The flags whose state at {@code to} differs from their state at {@code from}, from the change log and the
     * store's own history, each with the last change between. For a flag perfguard first saw after {@code from},
     * the first state seen stands for its state at {@code from}.
     */
    public FlagDiff diff(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw PerfguardException.badInput("the diff's to (" + to + ") is before its from (" + from + ")");
        }
        List<FlagChange> log = new ArrayList<>(db.inReadTransaction(h -> h.createQuery("""
                SELECT flag, before_state, after_state, at_ms, by_who, source FROM flag_change
                 WHERE store = :store AND at_ms <= :to ORDER BY at_ms, id""")
                .bind("store", flags.describe()).bind("to", to.toEpochMilli())
                .map((rs, ctx) -> new FlagChange(rs.getString("flag"), Optional.ofNullable(rs.getString("before_state")),
                        rs.getString("after_state"), Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("by_who"),
                        rs.getString("source")))
                .list()));
        try {
            flags.history(from.minus(lookback)).stream().filter(c -> !c.at().isAfter(to)).forEach(log::add);
        } catch (RuntimeException e) {
            // the store's own history is extra; the log still answers
        }
        log.sort(Comparator.comparing(FlagChange::at));
        Map<String, String> atFrom = new TreeMap<>();
        Map<String, String> firstSeen = new TreeMap<>();
        Map<String, String> atTo = new TreeMap<>();
        Map<String, FlagChange> lastChange = new LinkedHashMap<>();
        for (FlagChange c : log) {
            if (!c.at().isAfter(from)) {
                atFrom.put(c.flag(), c.after());
            } else if (!atTo.containsKey(c.flag())) {
                // first seen after from: the earliest state known stands for the baseline's
                firstSeen.put(c.flag(), c.before().orElse(c.after()));
                if (c.before().isPresent()) {
                    lastChange.put(c.flag(), c);
                }
            } else if (!c.after().equals(atTo.get(c.flag()))) {
                lastChange.put(c.flag(), c);
            }
            atTo.put(c.flag(), c.after());
        }
        List<FlagDiff.Line> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : atTo.entrySet()) {
            String before = atFrom.getOrDefault(e.getKey(), firstSeen.get(e.getKey()));
            FlagChange last = lastChange.get(e.getKey());
            if (before == null || before.equals(e.getValue()) || last == null) {
                continue;
            }
            lines.add(new FlagDiff.Line(e.getKey(), Optional.of(before), e.getValue(), last));
        }
        return new FlagDiff(from, to, lines);
    }

    /**
     * The diff for incident {@code id}: from {@code baselineAt} (the baseline build's time; when empty, the
     * configured lookback before the regression) to the regression's time (its first discrepancy's detection).
     */
    public FlagDiff diffFor(String id, Optional<Instant> baselineAt) {
        Incident i = incidents.get(id).incident();
        Instant regression = i.discrepancies().stream().map(d -> d.detectedAt()).min(Comparator.naturalOrder())
                .orElse(i.openedAt());
        // the flags at the regression are known from the capture at the opening, which comes after it
        Instant to = i.openedAt().isAfter(regression) ? i.openedAt() : regression;
        return diff(baselineAt.orElse(regression.minus(lookback)), to);
    }

    /**
     * Appends the diff for incident {@code id} to its timeline as a note (so the channels, the ticket among them,
     * carry it) when any flag changed; answers the diff.
     */
    public FlagDiff announceDiff(String id, Optional<Instant> baselineAt, String who) {
        FlagDiff d = diffFor(id, baselineAt);
        if (!d.lines().isEmpty()) {
            incidents.change(id, (h, i, now) -> i.note(TimelineEntry.Kind.NOTE,
                    "feature flags changed before the regression: " + String.join("; ",
                            d.lines().stream().map(FlagDiff.Line::describe).toList()), who, now));
        }
        return d;
    }

    // ---------------------------------------------------------------- containment

    /** What a request asks for: a flag rollback or traffic shaping. */
    public sealed interface Target {
        record Flag(String name) implements Target {
            public Flag {
                FlagValue.requireName(name, "flag");
            }
        }

        record TrafficShaping(String description) implements Target {
            public TrafficShaping {
                if (description == null || description.isBlank() || description.length() > 2000) {
                    throw PerfguardException.badInput("trafficShaping must be 1 to 2000 characters describing the shaping");
                }
            }
        }
    }

    /**
     * Requests a containment on incident {@code id}: the decision must be "no immediate fix" with the matching
     * containment. A flag must be in the store and on. DevOps is asked by the DM; a request for the same flag or
     * shaping still pending is answered as it is (nothing sent again).
     */
    public Rollback request(String id, Target target, String who) {
        Objects.requireNonNull(target, "target");
        Optional<FlagValue> current = Optional.empty();
        if (target instanceof Target.Flag f) {
            FlagValue v = flags.get(f.name()).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                    "flag " + f.name() + " is not in " + flags.describe()));
            if (!v.enabled()) {
                throw new PerfguardException(ErrorCode.CONFLICT, "flag " + f.name() + " is already off in "
                        + flags.describe() + "; nothing to roll back");
            }
            current = Optional.of(v);
        }
        Optional<FlagValue> seen = current;
        Rollback[] out = new Rollback[1];
        incidents.change(id, (h, i, now) -> {
            requireContainment(i, target);
            for (Rollback r : RollbackSql.list(h, id)) {
                if ((r.state() == Rollback.State.REQUESTED || r.state() == Rollback.State.APPROVED)
                        && sameTarget(r, target)) {
                    out[0] = r;
                    return i;
                }
            }
            long number = RollbackSql.next(h, id);
            Rollback r = new Rollback(number, target instanceof Target.Flag ? Rollback.Kind.FLAG : Rollback.Kind.TRAFFIC_SHAPING,
                    target instanceof Target.Flag f ? Optional.of(f.name()) : Optional.empty(),
                    target instanceof Target.TrafficShaping t ? Optional.of(t.description()) : Optional.empty(),
                    flags.describe(), Rollback.State.REQUESTED, who, now, Optional.empty(), Optional.empty(), Optional.empty(),
                    seen.map(FlagValue::state), Optional.empty(), Optional.empty(), Optional.empty());
            RollbackSql.insert(h, id, r);
            routing.enqueue(h, new Message.DevOpsDmNeeded(id, MitigationBranch.NO_IMMEDIATE_FIX.wireName(),
                    Optional.of((target instanceof Target.Flag ? Containment.FEATURE_FLAG_ROLLBACK : Containment.TRAFFIC_SHAPING)
                            .wireName()),
                    List.of("Approval needed for rollback " + number + ": " + r.what()
                                    + seen.map(v -> " (now " + v.state() + " in " + flags.describe() + ")").orElse(""),
                            "Approve: perfguard incident rollback-approve " + id + " " + number,
                            "Deny: perfguard incident rollback-deny " + id + " " + number + " --reason TEXT"),
                    who, now), now);
            out[0] = r;
            return i.note(TimelineEntry.Kind.NOTE, "rollback " + number + " requested: " + r.what()
                    + seen.map(v -> " (now " + v.state() + ")").orElse("") + "; DevOps asked for approval", who, now);
        });
        return out[0];
    }

    /** Denies request {@code number}; the reason is recorded. */
    public Rollback deny(String id, long number, String reason, String who) {
        if (reason == null || reason.isBlank()) {
            throw PerfguardException.badInput("reason is required to deny a rollback");
        }
        Rollback[] out = new Rollback[1];
        incidents.change(id, (h, i, now) -> {
            Rollback r = RollbackSql.find(h, id, number);
            if (r.state() != Rollback.State.REQUESTED) {
                throw new PerfguardException(ErrorCode.CONFLICT, "rollback " + number + " of " + id + " is "
                        + r.state().wireName() + "; only a requested one can be denied");
            }
            RollbackSql.decide(h, id, number, Rollback.State.DENIED, who, now, Optional.of(reason));
            out[0] = RollbackSql.find(h, id, number);
            return i.note(TimelineEntry.Kind.NOTE, "rollback " + number + " (" + r.what() + ") denied by " + who + ": "
                    + reason.strip(), who, now);
        });
        return out[0];
    }

    /**
     * Approves request {@code number} and carries it out: a flag is turned off in the store (idempotent: one
     * already off is left alone and recorded so), traffic shaping is recorded as declared done by {@code who}
     * now. The decision's containment task is marked done, which starts the windows the closing gate counts.
     * Approving a {@code failed} one (or one approved whose toggle never finished) tries the toggle again. The
     * requester cannot approve their own request. A failed toggle is written on the incident, then thrown
     * ({@code REMOTE}, or what the store threw).
     */
    public Rollback approve(String id, long number, String who) {
        Rollback[] approved = new Rollback[1];
        incidents.change(id, (h, i, now) -> {
            Rollback r = RollbackSql.find(h, id, number);
            switch (r.state()) {
                case REQUESTED -> {
                    if (r.requestedBy().equals(who)) {
                        throw new PerfguardException(ErrorCode.CONFLICT, "rollback " + number + " was requested by " + who
                                + "; another responder (DevOps) approves it");
                    }
                    RollbackSql.decide(h, id, number, Rollback.State.APPROVED, who, now, Optional.empty());
                    approved[0] = RollbackSql.find(h, id, number);
                    return i.note(TimelineEntry.Kind.NOTE, "rollback " + number + " (" + r.what() + ") approved by " + who,
                            who, now);
                }
                case APPROVED, FAILED -> {
                    approved[0] = r;
                    return i;
                }
                default -> throw new PerfguardException(ErrorCode.CONFLICT, "rollback " + number + " of " + id + " is "
                        + r.state().wireName() + (r.state() == Rollback.State.DONE
                        ? " (done at " + r.doneAt().orElseThrow() + ")" : "") + "; nothing to approve");
            }
        });
        Rollback r = approved[0];
        if (r.kind() == Rollback.Kind.TRAFFIC_SHAPING) {
            return finish(id, r, who, Optional.empty(), Optional.empty());
        }
        String flag = r.flag().orElseThrow();
        FlagStore.Toggle toggle;
        try {
            toggle = flags.set(flag, false, who);
        } catch (RuntimeException e) {
            String error = String.valueOf(e.getMessage());
            incidents.change(id, (h, i, now) -> {
                RollbackSql.fail(h, id, r.number(), error);
                return i.note(TimelineEntry.Kind.NOTE, "rollback " + r.number() + " FAILED: turning flag " + flag
                        + " off in " + flags.describe() + " failed: " + error + " (approve again to retry)", who, now);
            });
            if (e instanceof PerfguardException pe) {
                throw new PerfguardException(pe.code(), "rollback " + r.number() + " of " + id + " failed: " + error, e);
            }
            throw new PerfguardException(ErrorCode.REMOTE, "rollback " + r.number() + " of " + id + " failed: " + error, e);
        }
        return finish(id, r, who, Optional.of(toggle), toggle.storeEvent());
    }

    private Rollback finish(String id, Rollback r, String who, Optional<FlagStore.Toggle> toggle, Optional<String> event) {
        Rollback[] out = new Rollback[1];
        incidents.change(id, (h, i, now) -> {
            Rollback current = RollbackSql.find(h, id, r.number());
            if (current.state() == Rollback.State.DONE) {
                out[0] = current; // a racing approval finished it first
                return i;
            }
            Optional<String> before = toggle.map(t -> t.before().state());
            Optional<String> after = toggle.map(t -> t.after().state());
            RollbackSql.done(h, id, r.number(), before, after, now);
            String what;
            if (toggle.isPresent()) {
                FlagStore.Toggle t = toggle.get();
                insertChange(h, new FlagChange(t.after().name(), Optional.of(t.before().state()), t.after().state(), now,
                        who + " (rollback " + r.number() + " of " + id + ")", "toggle"), flags.describe(), Optional.of(id));
                what = "flag " + t.after().name() + " " + t.before().state() + " → " + t.after().state() + " in "
                        + flags.describe() + " by " + who + " (rollback " + r.number() + ")"
                        + (t.changed() ? "" : ": it was already off, nothing written")
                        + event.map(e -> "; store event " + e).orElse("");
            } else {
                what = "traffic shaping declared done by " + who + " (rollback " + r.number() + "): " + r.description().orElseThrow();
            }
            Incident next = i.note(TimelineEntry.Kind.NOTE, what, who, now);
            Optional<Integer> task = containmentTask(next, r.kind());
            if (task.isPresent()) {
                next = next.completeTask(task.get(), who, now);
            }
            out[0] = RollbackSql.find(h, id, r.number());
            return next;
        });
        return out[0];
    }

    /** The containment requests of incident {@code id}, by number. */
    public List<Rollback> rollbacks(String id) {
        incidents.get(id);
        return db.inReadTransaction(h -> RollbackSql.list(h, id));
    }

    private static Optional<Integer> containmentTask(Incident i, Rollback.Kind kind) {
        MitigationTask.Action action = kind == Rollback.Kind.FLAG ? MitigationTask.Action.FEATURE_FLAG_ROLLBACK
                : MitigationTask.Action.TRAFFIC_SHAPING;
        return i.decision().flatMap(d -> d.tasks().stream().filter(t -> t.action() == action && !t.done())
                .map(MitigationTask::number).findFirst());
    }

    private static void requireContainment(Incident i, Target target) {
        Containment wanted = target instanceof Target.Flag ? Containment.FEATURE_FLAG_ROLLBACK : Containment.TRAFFIC_SHAPING;
        Optional<MitigationDecision> d = i.decision();
        if (d.isEmpty() || d.get().branch() != MitigationBranch.NO_IMMEDIATE_FIX
                || d.get().containment().filter(c -> c == wanted).isEmpty()) {
            throw new PerfguardException(ErrorCode.CONFLICT, "incident " + i.id() + " has no \"no immediate fix\" decision with "
                    + wanted.wireName() + " (now: " + d.map(x -> x.branch().wireName()
                    + x.containment().map(c -> " with " + c.wireName()).orElse("")).orElse("no decision")
                    + "); decide it first: perfguard incident decide " + i.id() + " --containment " + wanted.wireName());
        }
    }

    private static boolean sameTarget(Rollback r, Target t) {
        return switch (t) {
            case Target.Flag f -> r.flag().filter(f.name()::equals).isPresent();
            case Target.TrafficShaping s -> r.description().filter(s.description()::equals).isPresent();
        };
    }

    private static Optional<String> stateAt(Handle h, String store, String flag, Instant at) {
        return h.createQuery("""
                SELECT after_state FROM flag_change WHERE store = :store AND flag = :flag AND at_ms <= :at
                 ORDER BY at_ms DESC, id DESC LIMIT 1""")
                .bind("store", store).bind("flag", flag).bind("at", at.toEpochMilli()).mapTo(String.class).findOne();
    }

    private static void insertChange(Handle h, FlagChange c, String store, Optional<String> incidentId) {
        h.createUpdate("""
                INSERT INTO flag_change (id, store, flag, at_ms, before_state, after_state, by_who, source, incident_id)
                VALUES (:id, :store, :flag, :at, :before, :after, :by, :source, :incident)""")
                .bind("id", UUID.randomUUID().toString()).bind("store", store).bind("flag", c.flag())
                .bind("at", c.at().toEpochMilli()).bind("before", c.before().orElse(null)).bind("after", c.after())
                .bind("by", c.by()).bind("source", c.source()).bind("incident", incidentId.orElse(null)).execute();
    }

    /** Every audited change of {@code flag} (toggles and changes seen), oldest first. */
    public List<FlagChange> audit(String flag) {
        FlagValue.requireName(flag, "flag");
        return db.inReadTransaction(h -> h.createQuery("""
                SELECT flag, before_state, after_state, at_ms, by_who, source FROM flag_change
                 WHERE store = :store AND flag = :flag ORDER BY at_ms, id""")
                .bind("store", flags.describe()).bind("flag", flag)
                .map((rs, ctx) -> new FlagChange(rs.getString("flag"), Optional.ofNullable(rs.getString("before_state")),
                        rs.getString("after_state"), Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("by_who"),
                        rs.getString("source")))
                .list());
    }

    private static String json(List<FlagState> states) {
        try {
            return JSON.writeValueAsString(states);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<FlagState> states(String text) {
        try {
            return JSON.readValue(text, STATES);
        } catch (JsonProcessingException e) {
            throw new PerfguardException(ErrorCode.STORE, "a stored flag capture is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
