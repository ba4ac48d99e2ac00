package dev.perfguard.runbook.telemetry;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.incident.PanelCatalog;
import dev.perfguard.core.telemetry.TelemetryDiscrepancies;
import dev.perfguard.core.telemetry.TelemetrySource;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.WindowOutcome;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The telemetry watch inside {@code perfguard serve}: a virtual thread that calls
 * {@link TelemetryWatch#tick} at start-up (the catch-up after downtime) and shortly after every
 * reporting-window boundary, then hands what it evaluated to the incident service:
 *
 * <ul>
 *   <li>each breached metric becomes a {@link Discrepancy} ({@link TelemetryDiscrepancies#ofWindow}: the window
 *       value with recent history, the limit, the panel pinned to the window) filed through
 *       {@link IncidentService#reportAll}, one report per metric family, so the fingerprint opens an
 *       incident or attaches to the open one;</li>
 *   <li>each window's per-metric outcomes ({@link Evaluator#toReportingWindow}: ok is within
 *       tolerance, breach is not, no-data and error never count as good) are recorded with
 *       {@link IncidentService#recordServiceWindow}, which the closing gate counts.</li>
 * </ul>
 *
 * A failure of one step (Prometheus errors are already verdicts; a store error is not) is written to
 * the log and the loop waits for the next boundary; it never ends the server. {@link #close()}
 * interrupts the thread and waits for it, then closes the telemetry source's resource (the Prometheus client).
 */
public final class TelemetryLoop implements AutoCloseable {
    /** Who the incident timeline names for the watch's reports. */
    static final String WHO = "telemetry-watch";
    /** The source recorded with window results. */
    static final String SOURCE = "telemetry";
    /** How long after a boundary the tick runs, so the window's last scrape has landed. */
    static final Duration DELAY = Duration.ofSeconds(30);
    /** Earlier windows whose values go into a discrepancy's evidence. */
    static final int HISTORY_WINDOWS = 24;
    /** How far back a tick catches up after downtime, in windows. */
    static final int HORIZON_WINDOWS = 24;
    /** After this long a claim of a replica that died is taken over. */
    static final Duration LEASE = Duration.ofMinutes(10);

    private final TelemetryWatch watch;
    private final WindowResultStore results;
    private final IncidentService incidents;
    private final String service;
    private final Duration windowLength;
    private final Clock clock;
    private final PrintWriter log;
    private final AutoCloseable resource;
    private volatile Observer observer = Observer.NONE;
    private volatile PanelCatalog panels = PanelCatalog.none();
    private volatile boolean stopped;
    private volatile Thread thread;

    /**
     * The loop of {@code perfguard serve}: evaluates {@code expectations} from {@code source} every window of
     * {@code windowLength} (catching up {@link #HORIZON_WINDOWS} windows after downtime; a replica's claim is
     * taken over after {@link #LEASE}), records the results in {@code results} and files what they show for
     * {@code service} with {@code incidents}. Not started; {@code resource} is closed with the loop.
     */
    public static TelemetryLoop watching(List<Expectation> expectations, TelemetrySource source, AutoCloseable resource,
            WindowResultStore results, IncidentService incidents, String service, Duration windowLength, Clock clock,
            PrintWriter log) {
        String owner = "serve-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        TelemetryWatch watch = new TelemetryWatch(expectations, windowLength, windowLength.multipliedBy(HORIZON_WINDOWS),
                source, results, owner, LEASE);
        return new TelemetryLoop(watch, results, incidents, service, windowLength, clock, log, resource);
    }

    /**
     * A loop over {@code watch}, filing breaches and window outcomes for {@code service} with {@code incidents};
     * {@code resource} (the Prometheus client behind the watch's source) is closed with the loop.
     */
    TelemetryLoop(TelemetryWatch watch, WindowResultStore results, IncidentService incidents, String service,
            Duration windowLength, Clock clock, PrintWriter log, AutoCloseable resource) {
        this.watch = Objects.requireNonNull(watch, "watch");
        this.results = Objects.requireNonNull(results, "results");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.service = Objects.requireNonNull(service, "service");
        this.windowLength = Objects.requireNonNull(windowLength, "windowLength");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Told what each step evaluated and when a step failed (the server's metrics count them). */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void evaluated(WindowResult result) {}

            @Override
            public void stepFailed() {}
        };

        /** {@code result} was evaluated and recorded by this replica. */
        void evaluated(WindowResult result);

        /** A step failed (a store error, say); the loop goes on at the next boundary. */
        void stepFailed();
    }

    /** Reports each step's outcome to {@code observer}; call before {@link #start}. */
    public TelemetryLoop observedBy(Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Links every discrepancy to its family's configured panels, pinned to the breached window. */
    public TelemetryLoop linking(PanelCatalog catalog) {
        this.panels = Objects.requireNonNull(catalog, "catalog");
        return this;
    }

    /** Starts the loop on a virtual thread; the first tick runs at once. */
    public TelemetryLoop start() {
        thread = Thread.ofVirtual().name("telemetry-watch").start(this::run);
        return this;
    }

    /** The next time a tick is due after {@code now}: the next window boundary plus {@link #DELAY}. */
    static Instant nextTick(Instant now, Duration windowLength) {
        Instant due = ReportingWindow.slotStart(now, windowLength).plus(DELAY);
        return due.isAfter(now) ? due : due.plus(windowLength);
    }

    private void run() {
        while (!stopped) {
            step();
            Instant now = clock.instant();
            if (stopped) {
                return;
            }
            try {
                Thread.sleep(Duration.between(now, nextTick(now, windowLength)));
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    /** One tick at the clock's now, with its incident integration; never throws. Returns what was evaluated. */
    List<WindowResult> step() {
        try {
            List<WindowResult> evaluated = watch.tick(clock.instant());
            evaluated.forEach(observer::evaluated);
            TreeMap<Instant, List<WindowResult>> byWindow = new TreeMap<>();
            evaluated.forEach(r -> byWindow.computeIfAbsent(r.window().start(), k -> new ArrayList<>()).add(r));
            for (List<WindowResult> window : byWindow.values()) {
                handle(window);
            }
            return evaluated;
        } catch (RuntimeException e) {
            observer.stepFailed();
            log.println("perfguard serve: telemetry watch step failed, retrying at the next window: " + e.getMessage());
            log.flush();
            return List.of();
        }
    }

    private void handle(List<WindowResult> window) {
        Window w = window.get(0).window();
        incidents.reportAll(service, panels.linked(TelemetryDiscrepancies.ofWindow(window, history(window, w)), w.start(), w.end()),
                WHO);
        ReportingWindow outcomes = Evaluator.toReportingWindow(w, window);
        List<WindowOutcome> perMetric = new ArrayList<>();
        for (var e : new TreeMap<>(outcomes.results()).entrySet()) {
            Optional<Double> value = window.stream().filter(r -> r.metric().equals(e.getKey()) && r.value().isPresent())
                    .map(r -> r.value().getAsDouble()).findFirst();
            perMetric.add(new WindowOutcome(e.getKey(), e.getValue(), value));
        }
        incidents.recordServiceWindow(service, w.start(), perMetric, SOURCE, WHO);
    }

    private List<WindowResult> history(List<WindowResult> window, Window w) {
        List<WindowResult> out = new ArrayList<>();
        Instant from = w.start().minus(windowLength.multipliedBy(HISTORY_WINDOWS));
        window.stream().filter(r -> r.verdict() == WindowVerdict.BREACH).map(WindowResult::name).distinct()
                .forEach(name -> out.addAll(results.results(name, from, w.start())));
        return out;
    }

    /** Whether the loop's thread is alive. */
    boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.println("perfguard serve: closing the Prometheus client failed: " + e.getMessage());
            log.flush();
        }
    }
}
