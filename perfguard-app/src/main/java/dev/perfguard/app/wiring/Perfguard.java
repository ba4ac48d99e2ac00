package dev.perfguard.app.wiring;

import dev.perfguard.app.config.FlagSettings;
import dev.perfguard.app.config.IncidentSettings;
import dev.perfguard.app.config.LighthouseSettings;
import dev.perfguard.app.config.NotifyConfigs;
import dev.perfguard.app.config.PanelSettings;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.RerunSettings;
import dev.perfguard.app.config.ServerSettings;
import dev.perfguard.app.config.TelemetrySettings;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.app.slot.RetrievalCheck;
import dev.perfguard.app.slot.SlotRun;
import dev.perfguard.signals.loadtest.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.perfguard.app.server.ServerMetrics;
import dev.perfguard.app.web.WebUi;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.ci.CiComparison;
import dev.perfguard.core.incident.PanelCatalog;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.ci.MetricPoints;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.FlagStore;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.StoreArtefacts;
import dev.perfguard.runbook.incident.TimelineNotes;
import dev.perfguard.runbook.notify.Channel;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.OutboxLoop;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.RerunHook;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.telemetry.TelemetryLoop;
import dev.perfguard.runbook.telemetry.WindowResultStore;
import dev.perfguard.signals.lighthouse.LhrReader;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The composition root: every part of perfguard that a command or the server uses is built here, once,
 * by its constructor, from the configuration, the environment, the clock and the store location. A part
 * is built when first asked for, so a command that never touches the store never opens it; everything
 * built is closed with this object, in the reverse order of building.
 *
 * <p>{@link #serve} is the one way to run the server ({@code perfguard serve} and the demo): the REST API,
 * the outbox delivery to the configured channels and, when telemetry is configured, the telemetry watch.
 */
public final class Perfguard implements AutoCloseable {

    /** What the store is opened for: a short command holds no idle connections ({@code Store.Pool.COMMAND}); the server keeps a pool. */
    public enum Use { COMMAND, SERVER }

    /** Who a command-line outbox action is recorded as. */
    static final String CLI_OWNER = "cli";

    private final PerfguardConfig config;
    private final Optional<Store.Location> location;
    private final Use use;
    private final Map<String, String> env;
    private final Clock clock;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    private Store store;
    private BuildStore builds;
    private IncidentService incidents;
    private ApiTokens tokens;
    private StoreOutbox outbox;
    private Map<String, Channel> channels;
    private LighthouseComparison lighthouse;
    private Optional<FlagStore> flagStore;
    private Optional<FlagService> flags;

    Perfguard(PerfguardConfig config, Optional<Store.Location> location, Use use, Map<String, String> env, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.location = Objects.requireNonNull(location, "location");
        this.use = Objects.requireNonNull(use, "use");
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PerfguardConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The environment variable {@code name}, if set. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
    }

    /** The store, opened (and migrated) on first use. */
    public synchronized Store store() {
        if (store == null) {
            Store.Location at = location.orElseThrow(() -> new PerfguardException(ErrorCode.INTERNAL,
                    "this command was built without a store"));
            store = Store.open(at, use == Use.SERVER ? Store.Pool.SERVER : Store.Pool.COMMAND);
            opened.push(store);
        }
        return store;
    }

    public synchronized BuildStore builds() {
        if (builds == null) {
            builds = new BuildStore(store());
        }
        return builds;
    }

    /** The judgement of {@code perfguard check}, with the configured policy. */
    public BuildCheck buildCheck() {
        return new BuildCheck(builds(), LighthouseSettings.check(config.lighthouse()), clock);
    }

    /** The CI builds {@code perfguard ingest} stored, with their metric points. */
    public MetricPoints metricPoints() {
        return new MetricPoints(store());
    }

    /** Stores and judges CI builds' metrics with the configured policy and tolerance ({@code ingest.tolerance}). */
    public CiCheck ciCheck() {
        return ciCheck(config.ingest().tolerance().value());
    }

    /** Stores and judges CI builds' metrics ({@code perfguard ingest}) with the configured policy and {@code tolerance}. */
    public CiCheck ciCheck(double tolerance) {
        var policy = LighthouseSettings.check(config.lighthouse());
        return new CiCheck(metricPoints(), policy,
                new CiComparison(tolerance, policy.comparison().alpha(), policy.comparison().minRuns()), clock);
    }

    /** Compares two sets of Lighthouse runs with the configured policy. */
    public synchronized LighthouseComparison lighthouse() {
        if (lighthouse == null) {
            lighthouse = new LighthouseComparison(LighthouseSettings.comparison(config.lighthouse()));
        }
        return lighthouse;
    }

    public LhrReader lhrReader() {
        return new LhrReader();
    }

    /** The notification channels of the {@code notify} section (the console when none is configured), by name. */
    public synchronized Map<String, Channel> channels() {
        if (channels == null) {
            channels = Channels.create(NotifyConfigs.settings(config.notifications(), config.service()), env::get,
                    Channels.httpClient(), clock, new StoreArtefacts(store()), new TimelineNotes(store(), clock));
        }
        return channels;
    }

    /**
     * The incident service, each change's messages routed to {@link #channels()}, linking to the incident's page
     * when {@code server.public_url} is configured.
     */
    public synchronized IncidentService incidents() {
        if (incidents == null) {
            IncidentService plain = new IncidentService(store(), IncidentSettings.of(config), clock, routing(),
                    RerunSettings.of(config.rerun()).map(r -> new RerunHook(r, env::get, Channels.httpClient())));
            incidents = flagStore().map(f -> plain.withFlagCapture(FlagService.capture(f))).orElse(plain);
        }
        return incidents;
    }

    private OutboxRouting routing() {
        return OutboxRouting.to(channels().values(), ServerSettings.pages(config.server()));
    }

    /** The flag store of the {@code flags} section, if one is configured. */
    public synchronized Optional<FlagStore> flagStore() {
        if (flagStore == null) {
            flagStore = FlagSettings.store(config.flags(), env);
        }
        return flagStore;
    }

    /** Flag capture, diff and rollback over {@link #flagStore()}, when one is configured. */
    public synchronized Optional<FlagService> flags() {
        if (flags == null) {
            flags = flagStore().map(f -> new FlagService(store(), f, incidents(), routing(), FlagSettings.lookback(config.flags())));
        }
        return flags;
    }

    public synchronized ApiTokens tokens() {
        if (tokens == null) {
            tokens = new ApiTokens(store(), clock);
        }
        return tokens;
    }

    /** The outbox; the server's claims name this host and process, a command's name {@code cli}. */
    public synchronized StoreOutbox outbox() {
        if (outbox == null) {
            String owner = use == Use.SERVER ? OutboxLoop.owner(env.getOrDefault("HOSTNAME", "localhost")) : CLI_OWNER;
            outbox = new StoreOutbox(store(), owner, NotifyConfigs.lease(config.notifications()));
        }
        return outbox;
    }

    /** The configured telemetry expectations, in file order. */
    public List<Expectation> telemetryExpectations() {
        return TelemetrySettings.expectations(config);
    }

    /** The configured Prometheus base URL, if any. */
    public Optional<URI> prometheusUrl() {
        return TelemetrySettings.prometheus(config);
    }

    /** A client of the Prometheus HTTP API at {@code url} with the configured timeout; closed with this object. */
    public synchronized PrometheusClient prometheus(URI url) {
        PrometheusClient client = new PrometheusClient(url, config.telemetry().timeout());
        opened.push(client);
        return client;
    }

    /**
     * Starts the server on {@code host:port} (port 0: any free one) with the outbox delivery and, when
     * {@code telemetry.prometheus} and expectations are configured, the telemetry watch, which reports
     * on {@code log}. Closing the returned {@link Serving} stops all three.
     */
    public Serving serve(String host, int port, PrintWriter log) {
        OutboxLoop delivery = OutboxLoop.start(outbox(), channels(), clock);
        ServerMetrics metrics = new ServerMetrics(outbox(), incidents(), channels().keySet());
        TelemetryLoop watch = null;
        SlotRunner slots = null;
        PerfguardServer server = null;
        try {
            watch = telemetryLoop(log, metrics);
            slots = slotRunner(log);
            WebUi web = new WebUi(incidents(), builds(), buildCheck(), ciCheck(), tokens(), clock, this::ticketOf,
                    flags());
            server = PerfguardServer.start(incidents(), outbox(), tokens(), clock, config.service(), host, port, metrics,
                    Optional.of(web), flags());
            return new Serving(server, delivery, watch, slots, web);
        } catch (RuntimeException e) {
            closeQuietly(watch, e);
            closeQuietly(slots, e);
            closeQuietly(delivery, e);
            throw unavailable(e, host, port).<RuntimeException>map(u -> u).orElse(e);
        }
    }

    /** The Jira ticket of incident {@code id}, once the Jira channel created it. */
    private Optional<URI> ticketOf(String id) {
        return Channels.ticket(channels(), outbox().refs(id));
    }

    /** A port or address that cannot be listened on is the caller's choice to change, so bad input with a sentence. */
    private static Optional<PerfguardException> unavailable(RuntimeException e, String host, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                String why = String.valueOf(b.getMessage());
                return Optional.of(PerfguardException.badInput(why.toLowerCase(Locale.ROOT).contains("in use")
                        ? "port " + port + " is in use; choose another with --port"
                        : "cannot listen on " + host + ":" + port + " (" + why + "); choose another --host or --port", e));
            }
        }
        return Optional.empty();
    }

    private TelemetryLoop telemetryLoop(PrintWriter log, ServerMetrics metrics) {
        Optional<URI> url = prometheusUrl();
        List<Expectation> expectations = telemetryExpectations();
        if (url.isEmpty() || expectations.isEmpty()) {
            return null;
        }
        PrometheusClient client = new PrometheusClient(url.get(), config.telemetry().timeout());
        log.println("perfguard serve: watching " + expectations.size() + " telemetry expectations on " + url.get()
                + " every " + config.reportingWindow().toString().substring(2).toLowerCase(Locale.ROOT));
        log.flush();
        return TelemetryLoop.watching(expectations, new PrometheusSource(client), client, new WindowResultStore(store()),
                incidents(), config.service(), config.reportingWindow(), clock, log).observedBy(metrics.telemetry())
                .linking(panels()).start();
    }

    /**
     * The load-test slot runner when {@code loadtest.scenario} is configured: the scenario read and its target checked
     * now, so a bad one stops {@code serve} at start with the key named. Paths are relative to the working directory.
     */
    private SlotRunner slotRunner(PrintWriter log) {
        PerfguardConfig.LoadtestConfig lt = config.loadtest();
        if (lt.scenario() == null) {
            return null;
        }
        Scenario scenario;
        try {
            scenario = SlotRun.scenario(existing(lt.scenario(), "loadtest.scenario"), lt.allowedHosts());
        } catch (PerfguardException e) {
            throw PerfguardException.badInput("loadtest.scenario: " + e.getMessage(), e);
        }
        Optional<SlotRun.Retrieval> retrieval = Optional.empty();
        if (lt.queries() != null) {
            Path qrels = existing(lt.qrels(), "loadtest.qrels");
            retrieval = Optional.of(new SlotRun.Retrieval(SlotRun.endpoint(scenario, lt.endpoint()), existing(lt.queries(), "loadtest.queries"),
                    qrels, Optional.empty(), lt.dataset() != null ? lt.dataset() : RetrievalCheck.datasetOf(qrels)));
        }
        log.println("perfguard serve: running confirmed load-test slots at their start with " + lt.scenario()
                + (retrieval.isPresent() ? " and the retrieval check on " + lt.qrels() : " (no retrieval check: slots are left confirmed)"));
        log.flush();
        return new SlotRunner(incidents(), scenario, retrieval, lt.poll(), clock, log).start();
    }

    private static Path existing(String file, String key) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw PerfguardException.badInput(key + ": no such file " + p.toAbsolutePath());
        }
        return p;
    }

    /** The configured dashboard panels per metric family. */
    public PanelCatalog panels() {
        return PanelSettings.catalog(config.panels());
    }

    /** The channel names messages are delivered to. */
    public Set<String> channelNames() {
        return channels().keySet();
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new PerfguardException(ErrorCode.INTERNAL, "closing failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(AutoCloseable c, RuntimeException cause) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
