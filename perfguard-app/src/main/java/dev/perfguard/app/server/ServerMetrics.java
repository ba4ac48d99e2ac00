package dev.perfguard.app.server;

import dev.perfguard.app.exposition.Exposition;
import dev.perfguard.app.exposition.Histogram;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.telemetry.TelemetryLoop;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own metrics, for {@code GET /metrics} in the Prometheus text format 0.0.4, or OpenMetrics 1.0
 * when the scraper asks for it in {@code Accept} (Prometheus does). Written here rather than with a client
 * library: a handful of families, and the jar stays small.
 *
 * <ul>
 *   <li>{@code perfguard_http_request_duration_seconds} (histogram): every request by method, route template
 *       and status class ({@code 2xx} ...); a path that matched no route is {@code route="unmatched"}.</li>
 *   <li>{@code perfguard_telemetry_window_evaluations_total} (counter): windows this replica evaluated and
 *       recorded, by expectation and verdict ({@code ok}, {@code breach}, {@code no-data}, {@code error}: Prometheus
 *       failed); {@code perfguard_telemetry_step_failures_total}: watch steps that failed (a store error).</li>
 *   <li>Read from the store at scrape time (gauges, shared by all replicas of one store):
 *       {@code perfguard_outbox_messages} by channel and state (pending: the backlog, dead: dead letters; every
 *       configured channel appears, 0 when it has none), {@code perfguard_incidents_open} by service and state,
 *       and {@code perfguard_store_up}, 0 when those could not be read (then they are left out).</li>
 * </ul>
 */
public final class ServerMetrics {
    /** Request duration buckets, in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);

    private final StoreOutbox outbox;
    private final IncidentService incidents;
    private final Set<String> channels;
    private final Map<List<String>, Histogram> requests = new ConcurrentHashMap<>();
    private final Map<List<String>, LongAdder> evaluations = new ConcurrentHashMap<>();
    private final LongAdder stepFailures = new LongAdder();

    /** @param channels the configured channel names: each gets its outbox series even when it has no rows */
    public ServerMetrics(StoreOutbox outbox, IncidentService incidents, Set<String> channels) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.channels = Set.copyOf(channels);
    }

    /** Counts the telemetry watch's evaluations and failed steps. */
    public TelemetryLoop.Observer telemetry() {
        return new TelemetryLoop.Observer() {
            @Override
            public void evaluated(WindowResult result) {
                evaluations.computeIfAbsent(List.of(result.name(), result.verdict().wireName()), k -> new LongAdder()).increment();
            }

            @Override
            public void stepFailed() {
                stepFailures.increment();
            }
        };
    }

    /** Records one request; {@code route} is the route template, or null when none matched. */
    void request(String method, String route, int status, double seconds) {
        requests.computeIfAbsent(List.of(method, route == null ? "unmatched" : route, (status / 100) + "xx"), k -> new Histogram(BUCKETS))
                .observe(seconds);
    }

    /** Whether {@code accept} (a request's Accept header, or null) asks for OpenMetrics. */
    static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    /** The exposition, in OpenMetrics when {@code openMetrics}, else the text format 0.0.4. */
    String scrape(boolean openMetrics) {
        Exposition out = new Exposition(openMetrics);
        out.family("perfguard_http_request_duration_seconds", "histogram",
                "Time from a request's arrival to its answer, by method, route template and status class.");
        for (var e : requests.entrySet().stream().sorted(Map.Entry.comparingByKey(Exposition::compare)).toList()) {
            List<String> k = e.getKey();
            e.getValue().write(out, "perfguard_http_request_duration_seconds",
                    new String[] {"method", k.get(0), "route", k.get(1), "status", k.get(2)});
        }
        out.family("perfguard_telemetry_window_evaluations_total", "counter",
                "Telemetry windows this replica evaluated and recorded, by expectation and verdict (error: Prometheus failed).");
        evaluations.entrySet().stream().sorted(Map.Entry.comparingByKey(Exposition::compare)).forEach(e ->
                out.sample("perfguard_telemetry_window_evaluations_total", e.getValue().sum(),
                        "expectation", e.getKey().get(0), "verdict", e.getKey().get(1)));
        out.family("perfguard_telemetry_step_failures_total", "counter",
                "Telemetry watch steps that failed (a store error, say); the watch retries at the next window.");
        out.sample("perfguard_telemetry_step_failures_total", stepFailures.sum());
        storeGauges(out);
        return out.end();
    }

    private void storeGauges(Exposition out) {
        List<StoreOutbox.ChannelCount> backlog;
        List<IncidentService.OpenCount> open;
        try {
            backlog = outbox.backlog();
            open = incidents.openCounts();
        } catch (RuntimeException e) {
            LOG.warn("metrics: cannot read the store's gauges: {}", e.getMessage());
            out.family("perfguard_store_up", "gauge", "1 when the store answered this scrape's queries, else 0.");
            out.sample("perfguard_store_up", 0);
            return;
        }
        out.family("perfguard_store_up", "gauge", "1 when the store answered this scrape's queries, else 0.");
        out.sample("perfguard_store_up", 1);
        Map<List<String>, Long> messages = new TreeMap<>(Exposition::compare);
        for (String channel : channels) {
            for (StoreOutbox.State s : List.of(StoreOutbox.State.PENDING, StoreOutbox.State.DEAD)) {
                messages.put(List.of(channel, s.wireName()), 0L);
            }
        }
        backlog.forEach(c -> messages.put(List.of(c.channel(), c.state().wireName()), c.count()));
        out.family("perfguard_outbox_messages", "gauge",
                "Outbox messages by channel and state: pending (the backlog still to deliver) and dead (dead letters).");
        messages.forEach((k, n) -> out.sample("perfguard_outbox_messages", n, "channel", k.get(0), "state", k.get(1)));
        out.family("perfguard_incidents_open", "gauge", "Incidents not closed, by service and state.");
        open.stream().sorted((a, b) -> Exposition.compare(List.of(a.service(), a.state().wireName()), List.of(b.service(), b.state().wireName())))
                .forEach(c -> out.sample("perfguard_incidents_open", c.count(), "service", c.service(), "state", c.state().wireName()));
    }
}
