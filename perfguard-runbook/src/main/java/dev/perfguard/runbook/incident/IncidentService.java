package dev.perfguard.runbook.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.DeployNote;
import dev.perfguard.core.incident.Fingerprint;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.FollowUp;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LessonsEntry;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationBranch;
import dev.perfguard.core.incident.MitigationDecision;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.PostIncidentReport;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.incident.SquadAssignment;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.RerunHook;
import dev.perfguard.runbook.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The incident runbook engine over the store: every command of the {@link Incident} aggregate runs
 * in one transaction that reads the incident's bounded state (its row locked on PostgreSQL; SQLite's
 * {@code BEGIN IMMEDIATE} serializes writers), applies the command, and writes the new document
 * (checked against the version it read), the new timeline and deploy-note rows and one outbox message
 * per new timeline entry. Concurrent writers of one incident queue; should a version check still fail,
 * the command is re-applied to the fresh incident, so no update is lost and no rule is bypassed. Reads
 * hand out the history in pages ({@link #get}, {@link #timeline}, {@link #deployNotes}); the report
 * reads all of it.
 *
 * <p>Reports ({@link #report}) open an incident or attach to the open one with the same fingerprint;
 * the store's unique index on the open fingerprint key makes racing reporters produce exactly one.
 */
public final class IncidentService implements IncidentReporter {
    /** Limits the service enforces besides the domain's own. */
    public record Settings(ClosingGate gate, OwnershipRules ownership, long maxArtefactBytes) {
        public static final long DEFAULT_MAX_ARTEFACT_BYTES = 10L * 1024 * 1024;

        public Settings {
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(ownership, "ownership");
            if (maxArtefactBytes < 1) {
                throw PerfguardException.badInput("max artefact size must be positive, was " + maxArtefactBytes);
            }
        }

        public static Settings defaults() {
            return new Settings(ClosingGate.DEFAULT, OwnershipRules.none(), DEFAULT_MAX_ARTEFACT_BYTES);
        }
    }

    /** Whether an incident could be closed now, and if not, why. */
    public record Closability(boolean closable, List<String> blockers, List<ReportingWindow> windows) {
        public Closability {
            blockers = List.copyOf(blockers);
            windows = List.copyOf(windows);
        }
    }

    static final int MAX_ATTEMPTS = 50;
    public static final int MAX_PAGE = 200;
    /** The newest timeline entries an incident's answer holds; older ones are read with {@link #timeline}. */
    public static final int TIMELINE_IN_ANSWER = 100;
    /** The newest deploy notes an incident's answer holds; older ones are read with {@link #deployNotes}. */
    public static final int DEPLOY_NOTES_IN_ANSWER = 10;
    /** The most timeline entries or deploy notes one page holds. */
    public static final int MAX_HISTORY_PAGE = 500;
    private static final int READ_PAGE = 1000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Store store;
    private final Settings settings;
    private final Clock clock;
    private final IncidentRepository repo;
    private final Optional<FlagCapture> flags;
    private final OutboxRouting routing;
    private final SecureRandom random = new SecureRandom();
    private final Optional<RerunHook> rerun;

    public IncidentService(Store store, Settings settings, Clock clock) {
        this(store, settings, clock, OutboxRouting.console());
    }

    /** With the outbox rows of each change routed to the configured channels. */
    public IncidentService(Store store, Settings settings, Clock clock, OutboxRouting routing) {
        this(store, settings, clock, routing, Optional.empty());
    }

    /** With the fast-fix branch's rerun hook, when one is configured. */
    public IncidentService(Store store, Settings settings, Clock clock, OutboxRouting routing, Optional<RerunHook> rerun) {
        this(Optional.empty(), rerun, store, settings, clock, routing);
    }

    // the capture leads so this never has the erasure of a public constructor
    private IncidentService(Optional<FlagCapture> flags, Optional<RerunHook> rerun, Store store, Settings settings, Clock clock,
            OutboxRouting routing) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.rerun = Objects.requireNonNull(rerun, "rerun");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.store = Objects.requireNonNull(store, "store");
        this.repo = new IncidentRepository(routing, store.dialect());
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * This service capturing the feature-flag states through {@code capture} at each opening and with every
     * hypothesis and deploy note (see {@link FlagCapture}).
     */
    public IncidentService withFlagCapture(FlagCapture capture) {
        return new IncidentService(Optional.of(Objects.requireNonNull(capture, "capture")), rerun, store, settings, clock, routing);
    }

    public Settings settings() {
        return settings;
    }

    /** Whether a rerun hook is configured (the pages offer the rerun only then). */
    public boolean rerunConfigured() {
        return rerun.isPresent();
    }

    /** The store this service works on (the server's readiness check asks it). */
    public Store store() {
        return store;
    }

    /** Opens an incident from {@code report}, or attaches its discrepancies to the open one with the same fingerprint. */
    @Override
    public Reported report(RegressionReport report, String who) {
        Objects.requireNonNull(report, "report");
        String key = report.fingerprint().key();
        Optional<FlagCapture.Captured> captured = flags.map(FlagCapture::read);
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            Optional<StoredIncident> open = repo.findOpen(h, key);
            if (open.isPresent()) {
                Incident next = open.get().incident().attach(report.discrepancies(), who, now);
                return new Reported(repo.update(h, open.get(), next, now), false);
            }
            Incident created = Incident.open(newId(now), report.service(), report.discrepancies(), who, now);
            Reported reported = new Reported(repo.insert(h, created, now), true);
            captured.ifPresent(c -> flags.get().record(h, created.id(), "the opening of " + created.id(), c, now));
            return reported;
        }));
    }

    /**
     * The incident's bounded state with its newest {@value #TIMELINE_IN_ANSWER} timeline entries and newest
     * {@value #DEPLOY_NOTES_IN_ANSWER} deploy notes.
     */
    public StoredIncident get(String id) {
        return store.inReadTransaction(h -> repo.view(h, id, TIMELINE_IN_ANSWER, DEPLOY_NOTES_IN_ANSWER));
    }

    /** A page of an incident's history: items oldest first, and the cursor for the page before it, if any. */
    public record HistoryPage<T>(List<T> items, long total, Optional<Long> before) {
        public HistoryPage {
            items = List.copyOf(items);
        }
    }

    /** Up to {@code limit} timeline entries with a seq below {@code before} (the newest when empty). */
    public HistoryPage<TimelineEntry> timeline(String id, Optional<Long> before, int limit) {
        requirePage(before, limit);
        return store.inReadTransaction(h -> {
            long total = repo.find(h, id).incident().timelineSize();
            List<TimelineEntry> items = repo.timelineBefore(h, id, before.orElse(total + 1), limit);
            Optional<Long> earlier = items.isEmpty() || items.get(0).seq() == 1 ? Optional.empty()
                    : Optional.of(items.get(0).seq());
            return new HistoryPage<>(items, total, earlier);
        });
    }

    /** A deploy note with its number (from 1 per incident, in the order they were added). */
    public record NumberedNote(long number, DeployNote note) {}

    /** Up to {@code limit} deploy notes numbered below {@code before} (the newest when empty). */
    public HistoryPage<NumberedNote> deployNotes(String id, Optional<Long> before, int limit) {
        requirePage(before, limit);
        return store.inReadTransaction(h -> {
            StoredIncident s = repo.find(h, id);
            List<DeployNote> inline = s.incident().deployNotes();
            long from = before.orElse(s.deployNoteCount() + 1);
            List<NumberedNote> items = new ArrayList<>();
            if (inline.isEmpty()) {
                repo.deployNotesBefore(h, id, from, limit).forEach(n -> items.add(new NumberedNote(n.number(), n.note())));
            } else {
                // written before the notes had their table: still in the document until its next change
                for (long n = Math.max(1, from - limit); n < Math.min(from, inline.size() + 1); n++) {
                    items.add(new NumberedNote(n, inline.get((int) n - 1)));
                }
            }
            Optional<Long> earlier = items.isEmpty() || items.get(0).number() == 1 ? Optional.empty()
                    : Optional.of(items.get(0).number());
            return new HistoryPage<>(items, s.deployNoteCount(), earlier);
        });
    }

    private static void requirePage(Optional<Long> before, int limit) {
        if (before.isPresent() && before.get() < 1) {
            throw PerfguardException.badInput("before must be at least 1, was " + before.get());
        }
        if (limit < 1 || limit > MAX_HISTORY_PAGE) {
            throw PerfguardException.badInput("limit must be between 1 and " + MAX_HISTORY_PAGE + ", was " + limit);
        }
    }

    /** How many incidents of {@code service} are open in {@code state}. */
    public record OpenCount(String service, IncidentState state, long count) {}

    /** The incidents not closed, counted by service and state (for the server's metrics). */
    public List<OpenCount> openCounts() {
        return store.inAutoCommit(repo::openCounts);
    }

    /** A page of whole incidents for the web list; {@code services} names every service that has one. */
    public record Browse(List<StoredIncident> items, int offset, int limit, long total, List<String> services) {
        public Browse {
            items = List.copyOf(items);
            services = List.copyOf(services);
        }
    }

    /** Incidents newest first, optionally of one state and one service (the web list). */
    public Browse browse(Optional<IncidentState> state, Optional<String> service, int offset, int limit) {
        checkPage(offset, limit);
        Optional<String> svc = service.map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty());
        return store.inReadTransaction(h -> repo.browse(h, state, svc, offset, limit));
    }

    /** One metric's result in one reporting window; {@code value} as reported, when it was. */
    public record WindowPoint(Instant windowStart, String metric, MetricOutcome outcome, OptionalDouble value) {}

    /** The reporting-window results of the incident's triggering metrics from {@code from} on, oldest first. */
    public List<WindowPoint> windowPoints(String id, Instant from) {
        return store.inReadTransaction(h -> {
            Incident i = repo.find(h, id).incident();
            return repo.windowPoints(h, i.service(), settings.gate().windowLength(), from, i.triggeringMetrics());
        });
    }

    /**
     * The reporting-window results of one metric of {@code service} from {@code from} on, oldest first: an incident's
     * chart or any stored series of the metric explorer.
     */
    public List<WindowPoint> windowPoints(String service, String metric, Instant from) {
        return store.inReadTransaction(h -> repo.windowPoints(h, service, settings.gate().windowLength(), metric, from));
    }

    /** A metric of a service with reporting-window results, how many and the latest window. */
    public record WindowSeries(String service, String metric, long windows, Instant latest) {}

    /** At most {@code limit} metrics with reporting-window results, by service and metric name. */
    public List<WindowSeries> windowSeries(int limit) {
        return store.inReadTransaction(h -> repo.windowSeries(h, settings.gate().windowLength(), limit));
    }

    public IncidentPage list(Optional<IncidentState> state, int offset, int limit) {
        checkPage(offset, limit);
        return store.inReadTransaction(h -> repo.list(h, state, offset, limit));
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || offset > 1_000_000) {
            throw PerfguardException.badInput("offset must be between 0 and 1000000, was " + offset);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw PerfguardException.badInput("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
    }

    public StoredIncident transition(String id, IncidentState to, String who) {
        return mutate(id, (i, now) -> i.transition(to, who, now));
    }

    /** Records a hypothesis; the owner comes from the ownership rules unless {@code squadOverride} names one. */
    public StoredIncident addHypothesis(String id, String rootCause, Optional<String> squadOverride, List<FlagState> given,
            String who) {
        Optional<FlagCapture.Captured> captured = flags.map(FlagCapture::read);
        // without flag states given, the hypothesis records the captured ones
        List<FlagState> states = given.isEmpty() && captured.isPresent() ? captured.get().flags() : given;
        return capturing(id, captured, s -> "hypothesis " + s.incident().hypotheses().size(), (i, now) -> {
            SquadAssignment owner = settings.ownership().resolve(i.triggeringMetrics(), squadOverride);
            return i.addHypothesis(rootCause, owner, states, who, now);
        });
    }

    public StoredIncident addDeployNote(String id, String text, String who) {
        Optional<FlagCapture.Captured> captured = flags.map(FlagCapture::read);
        return capturing(id, captured, s -> "deploy note " + s.deployNoteCount() + ": " + firstWords(text),
                (i, now) -> i.addDeployNote(text, who, now));
    }

    private StoredIncident capturing(String id, Optional<FlagCapture.Captured> captured,
            java.util.function.Function<StoredIncident, String> cause, Command command) {
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            StoredIncident saved = repo.update(h, current, command.apply(current.incident(), now), now);
            captured.ifPresent(c -> flags.get().record(h, id, cause.apply(saved), c, now));
            return saved;
        }));
    }

    private static String firstWords(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 80 ? line : line.substring(0, 80).strip() + " …";
    }

    /** A change of an incident together with writes of the caller's own, see {@link #change}. */
    @FunctionalInterface
    public interface Change {
        /** The changed incident ({@code incident} itself for none), after writing on {@code h} what goes with it. */
        Incident apply(Handle h, Incident incident, Instant now);
    }

    /**
     * Runs {@code change} in one transaction with the incident read and locked: what it writes on the handle and
     * the incident it returns (with its timeline entries and their outbox messages) commit together. Re-run on a
     * concurrent edit, so it must only write through the handle.
     */
    public StoredIncident change(String id, Change change) {
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            Incident next = change.apply(h, current.incident(), now);
            return next == current.incident() ? current : repo.update(h, current, next, now);
        }));
    }

    /**
     * Stores an artefact's content by its SHA-256 and refers to it from the incident by {@code name};
     * an unsafe name or content over the size limit is a {@code BAD_INPUT}.
     */
    public StoredIncident addArtefact(String id, String name, byte[] content, String who) {
        ArtefactRef.requireSafeName(name);
        Objects.requireNonNull(content, "content");
        if (content.length > settings.maxArtefactBytes()) {
            throw tooLarge(name, content.length);
        }
        String sha = sha256(content);
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            Incident next = current.incident().addArtefact(new ArtefactRef(name, sha, content.length, who, now));
            if (next == current.incident()) {
                return current;
            }
            repo.putArtefact(h, sha, content, now);
            StoredIncident saved = repo.update(h, current, next, now);
            repo.linkArtefact(h, id, name, sha);
            return saved;
        }));
    }

    /**
     * As {@link #addArtefact(String, String, byte[], String)}, reading the content from {@code in}, never more than
     * the limit and a byte. {@code declaredBytes} is the request's Content-Length, or -1 when unknown: a declared size
     * over the limit is refused before anything is read, naming that size; content over the limit without one is
     * refused as larger than the limit (its real size is not read to find out).
     */
    public StoredIncident addArtefact(String id, String name, InputStream in, long declaredBytes, String who)
            throws IOException {
        ArtefactRef.requireSafeName(name);
        long max = settings.maxArtefactBytes();
        if (declaredBytes > max) {
            throw tooLarge(name, declaredBytes);
        }
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (content.length > max) {
            throw PerfguardException.badInput("artefact " + name + " is larger than the " + size(max) + " limit ("
                    + max + " bytes)");
        }
        return addArtefact(id, name, content, who);
    }

    private PerfguardException tooLarge(String name, long bytes) {
        long max = settings.maxArtefactBytes();
        return PerfguardException.badInput("artefact " + name + " is " + bytes + " bytes"
                + (bytes >= 1024 ? " (" + size(bytes) + ")" : "") + "; at most " + max + " bytes"
                + (max >= 1024 ? " (" + size(max) + ")" : "") + " allowed");
    }

    /** A size for people: bytes, KiB or MiB with at most one decimal. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        boolean mib = bytes >= 1024 * 1024;
        String n = String.format(Locale.ROOT, "%.1f", bytes / (mib ? 1024.0 * 1024 : 1024.0));
        return (n.endsWith(".0") ? n.substring(0, n.length() - 2) : n) + (mib ? " MiB" : " KiB");
    }

    public byte[] artefact(String id, String name) {
        ArtefactRef.requireSafeName(name);
        return store.inTransaction(h -> {
            repo.load(h, id);
            return repo.artefact(h, id, name).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                    "incident " + id + " has no artefact named " + name));
        });
    }

    public StoredIncident requestLoadTest(String id, LoadTestPlan plan, String who) {
        return mutate(id, (i, now) -> i.requestLoadTest(plan, who, now));
    }

    public StoredIncident confirmLoadTest(String id, int number, String who) {
        return mutate(id, (i, now) -> i.confirmLoadTest(number, who, now));
    }

    public StoredIncident cancelLoadTest(String id, int number, String reason, String who) {
        return mutate(id, (i, now) -> i.cancelLoadTest(number, reason, who, now));
    }

    /** Posts a load test's finding; the finding's author and time are set to {@code who} and now. */
    public StoredIncident completeLoadTest(String id, int number, LoadTestFinding.Verdict verdict, String summary,
            List<LoadTestFinding.RetrievalMetric> recollected, String who) {
        return mutate(id, (i, now) -> i.completeLoadTest(number,
                new LoadTestFinding(verdict, summary, recollected, who, now)));
    }

    public StoredIncident decide(String id, MitigationFacts facts, String who) {
        return mutate(id, (i, now) -> i.decide(facts, who, now));
    }

    /**
     * The fast-fix branch's rerun: asks CI to build again through {@code hook} and records on the timeline that it
     * did (or that CI refused, then throws its {@code REMOTE} error). Only after a fast-fix decision and with a hook
     * configured ({@code CONFLICT} otherwise); the request goes out before anything is written, outside any transaction.
     */
    public StoredIncident requestRerun(String id, String who) {
        RerunHook hook = rerun.orElseThrow(() -> new PerfguardException(ErrorCode.CONFLICT,
                "no rerun hook is configured (rerun.url and rerun.token_env in perfguard.yaml)"));
        Incident i = get(id).incident();
        MitigationBranch branch = i.decision().map(MitigationDecision::branch).orElse(null);
        if (branch != MitigationBranch.FAST_FIX) {
            throw new PerfguardException(ErrorCode.CONFLICT, "a rerun belongs to the fast-fix branch; incident " + id
                    + (branch == null ? " has no decision yet" : " took " + branch.wireName()));
        }
        if (i.closure().isPresent()) {
            throw new PerfguardException(ErrorCode.CONFLICT, "incident " + id + " is closed");
        }
        RerunHook.Triggered t;
        try {
            t = hook.trigger(id);
        } catch (PerfguardException e) {
            mutate(id, (inc, now) -> inc.note(TimelineEntry.Kind.NOTE, "rerun request failed: " + e.getMessage(), who, now));
            throw e;
        }
        return mutate(id, (inc, now) -> inc.note(TimelineEntry.Kind.NOTE, "rerun requested from CI (" + hook.settings().url()
                + "): " + t.what() + "; the next build's check reports to this incident", who, now));
    }

    public StoredIncident completeTask(String id, int number, String who) {
        return mutate(id, (i, now) -> i.completeTask(number, who, now));
    }

    public StoredIncident addFollowUp(String id, FollowUp.Kind kind, String title, Optional<String> squad, String who) {
        return mutate(id, (i, now) -> i.addFollowUp(kind, title, squad, who, now));
    }

    /** Writes the summary, its timeline section drafted from the whole timeline (read in pages). */
    public StoredIncident writeSummary(String id, String rootCause, String remediation, String who) {
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            Incident whole = current.incident().heldAs(current.incident().deployNotes(),
                    repo.whole(h, id, READ_PAGE).incident().timeline());
            Incident next = whole.writeSummary(rootCause, remediation, who, now);
            return repo.update(h, new StoredIncident(current.version(), whole, current.deployNoteCount()), next, now);
        }));
    }

    /**
     * Records results of one reporting window for {@code service} (the seam for CI checks and the
     * telemetry watch). The window must lie on the grid and have ended; a later result for the same
     * window and metric replaces an earlier one.
     */
    public void recordServiceWindow(String service, Instant windowStart, List<WindowOutcome> results, String source, String who) {
        Objects.requireNonNull(results, "results");
        if (results.isEmpty()) {
            throw PerfguardException.badInput("a window report needs at least one metric result");
        }
        if (results.stream().map(WindowOutcome::metric).distinct().count() != results.size()) {
            throw PerfguardException.badInput("a window report names a metric twice");
        }
        Fingerprint.of(service, "x.y"); // validates the service name
        ReportingWindow grid = new ReportingWindow(windowStart, settings.gate().windowLength(), Map.of());
        Instant now = clock.instant();
        if (grid.end().isAfter(now)) {
            throw PerfguardException.badInput("window " + windowStart + " to " + grid.end() + " has not ended yet (now "
                    + now + "); report a window once it is complete");
        }
        store.inTransaction(h -> {
            repo.upsertWindowResults(h, service.strip().toLowerCase(Locale.ROOT), settings.gate().windowLength(),
                    windowStart, results, source, who, now);
            return null;
        });
    }

    /** Records window results for the service of incident {@code id}. */
    public void recordWindow(String id, Instant windowStart, List<WindowOutcome> results, String who) {
        StoredIncident s = store.inReadTransaction(h -> repo.find(h, id));
        recordServiceWindow(s.incident().service(), windowStart, results, "incident " + id, who);
    }

    public Closability closability(String id) {
        return store.inReadTransaction(h -> {
            Instant now = clock.instant();
            Incident i = repo.find(h, id).incident();
            List<ReportingWindow> windows = windowsFor(h, i, now);
            List<String> blockers = i.state() == IncidentState.CLOSED ? List.of("incident " + id + " is closed")
                    : i.closeBlockers(settings.gate(), windows, now);
            return new Closability(blockers.isEmpty(), blockers, windows);
        });
    }

    /** Closes through the closing gate; refused with every blocker listed. */
    public StoredIncident close(String id, String who) {
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            Incident next = current.incident().close(settings.gate(), windowsFor(h, current.incident(), now), who, now);
            return repo.update(h, current, next, now);
        }));
    }

    /** Closes despite the gate; the caller checked that {@code admin} is an admin. The reason is recorded. */
    public StoredIncident closeWithOverride(String id, String reason, String admin) {
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            Incident next = current.incident().closeWithOverride(reason, settings.gate(),
                    windowsFor(h, current.incident(), now), admin, now);
            return repo.update(h, current, next, now);
        }));
    }

    /** The post-incident report as Markdown, from the whole history (read in pages of {@value #READ_PAGE} rows). */
    public String report(String id) {
        return PostIncidentReport.render(store.inReadTransaction(h -> repo.whole(h, id, READ_PAGE)).incident());
    }

    /** The lessons entry for {@code docs/operations/performance.md}, as Markdown. */
    public String lessons(String id) {
        return LessonsEntry.render(get(id).incident());
    }

    private List<ReportingWindow> windowsFor(Handle h, Incident i, Instant now) {
        ClosingGate gate = settings.gate();
        Instant from = ReportingWindow.slotStart(now, gate.windowLength())
                .minus(gate.windowLength().multipliedBy(gate.closeAfterWindows()));
        return repo.windows(h, i.service(), gate.windowLength(), from, i.triggeringMetrics());
    }

    @FunctionalInterface
    private interface Command {
        Incident apply(Incident incident, Instant now);
    }

    private StoredIncident mutate(String id, Command command) {
        return retrying(() -> store.inTransaction(h -> {
            Instant now = clock.instant();
            StoredIncident current = repo.load(h, id);
            Incident next = command.apply(current.incident(), now);
            return next == current.incident() ? current : repo.update(h, current, next, now);
        }));
    }

    static <T> T retrying(Supplier<T> work) {
        IncidentRepository.ConcurrentEdit last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return work.get();
            } catch (IncidentRepository.ConcurrentEdit e) {
                last = e;
                Thread.onSpinWait();
            }
        }
        throw new PerfguardException(ErrorCode.CONFLICT, "gave up after " + MAX_ATTEMPTS + " concurrent edits: "
                + last.getMessage());
    }

    private String newId(Instant now) {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return "PERF-" + DAY.format(now) + "-" + HexFormat.of().formatHex(b);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
