package dev.perfguard.runbook.telemetry;

import static dev.perfguard.signals.prometheus.TelemetryHistory.hour;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Rule;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import dev.perfguard.signals.prometheus.TelemetryHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The watch loop of {@code perfguard serve} against a real Prometheus over the backfilled history
 * (regression of /api/search p95 from hour 28 to 31, nDCG drop from 29 to 31) and a real store, with
 * "now" driven window by window: incidents open at the first bad window, later ones attach, and the
 * closing gate opens exactly after two good windows.
 */
class TelemetryLoopTest extends OverTelemetryHistory {
    static final Duration H = Duration.ofHours(1);
    static final String P95 = TelemetryHistory.SEARCH_P95;
    static final String EDGE = "edge.latency_p95_s{route=/api/search}";
    static final String RAG = "rag.online_ndcg_at_10";
    static final String SERVICE = "theo-engine-web";
    static final List<Expectation> EXPECTATIONS = List.of(
            new Expectation("p95", P95, EDGE, Rule.Absolute.max(0.3), Optional.empty(),
                    Optional.of(URI.create("https://grafana.example/d/edge?viewPanel=4"))),
            new Expectation("ndcg", "avg_over_time(rag_online_ndcg_at_10[$__window])", RAG, Rule.Absolute.min(0.6),
                    Optional.empty(), Optional.empty()));

    static IncidentService incidents(Store store, Clock clock) {
        return new IncidentService(store, new IncidentService.Settings(new ClosingGate(2, H), OwnershipRules.none(),
                IncidentService.Settings.DEFAULT_MAX_ARTEFACT_BYTES), clock);
    }

    static List<Incident> open(IncidentService incidents) {
        return incidents.list(Optional.empty(), 0, 50).items().stream().filter(s -> s.state() != IncidentState.CLOSED)
                .map(s -> incidents.get(s.id()).incident()).toList();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void opensAtTheFirstBadWindowAttachesLaterOnesAndClosesAfterTwoGoodWindows(TestStores.Kind kind) {
        Store store = TestStores.open(kind, tmp);
        MutableClock clock = new MutableClock(hour(27).plusSeconds(30));
        IncidentService incidents = incidents(store, clock);
        StringWriter log = new StringWriter();
        try (PrometheusClient client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(5))) {
            WindowResultStore results = new WindowResultStore(store);
            TelemetryWatch watch = new TelemetryWatch(EXPECTATIONS, H, Duration.ofHours(6), new PrometheusSource(client), results,
                    "replica-a", Duration.ofMinutes(10));
            TelemetryLoop loop = new TelemetryLoop(watch, results, incidents, SERVICE, H, clock, new PrintWriter(log), () -> { });

            // start-up: catches up windows 22..26, all good, no incident
            assertThat(loop.step()).hasSize(5 * 2).extracting(WindowResult::verdict).containsOnly(WindowVerdict.OK);
            clock.set(hour(28).plusSeconds(30));
            assertThat(loop.step()).extracting(WindowResult::verdict).containsExactly(WindowVerdict.OK, WindowVerdict.OK);
            assertThat(open(incidents)).isEmpty();

            // window 28 (04:00-05:00): p95 breaks its max; one edge incident opens
            clock.set(hour(29).plusSeconds(30));
            assertThat(loop.step()).extracting(WindowResult::verdict).containsExactly(WindowVerdict.BREACH, WindowVerdict.OK);
            assertThat(open(incidents)).hasSize(1);
            Incident edge = open(incidents).get(0);
            assertThat(edge.fingerprint().key()).isEqualTo(SERVICE + "/edge");
            assertThat(edge.openedAt()).isEqualTo(clock.instant());
            assertThat(edge.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.OPENED).singleElement()
                    .satisfies(e -> {
                        assertThat(e.who()).isEqualTo(TelemetryLoop.WHO);
                        assertThat(e.what()).contains(EDGE);
                    });
            Discrepancy d = edge.discrepancies().get(0);
            assertThat(d.metric()).isEqualTo(EDGE);
            assertThat(d.detectedAt()).isEqualTo(hour(29));
            Evidence.TelemetryWindows ev = (Evidence.TelemetryWindows) d.evidence();
            assertThat(ev.limit()).isEqualTo(0.3);
            assertThat(ev.values().get(ev.values().size() - 1)).satisfies(v -> {
                assertThat(v.windowStart()).isEqualTo(hour(28));
                assertThat(v.value()).isCloseTo(0.75, Offset.offset(0.01));
            });
            assertThat(ev.values().get(0).windowStart()).isEqualTo(hour(22)); // the good windows before, as history
            assertThat(d.panels()).singleElement().satisfies(p -> assertThat(p.url().toString())
                    .contains("viewPanel=4", "from=" + hour(28).toEpochMilli(), "to=" + hour(29).toEpochMilli()));
            String id = edge.id();
            incidents.transition(id, IncidentState.INVESTIGATING, "alice");
            incidents.transition(id, IncidentState.MITIGATING, "alice");
            incidents.transition(id, IncidentState.MONITORING, "alice");
            incidents.writeSummary(id, "slow index shard", "rolled back", "alice");
            assertThat(incidents.closability(id).closable()).isFalse();

            // windows 29 and 30: both bad; p95 attaches to the same incident, nDCG opens its own (family rag)
            for (int h = 30; h <= 31; h++) {
                clock.set(hour(h).plusSeconds(30));
                assertThat(loop.step()).extracting(WindowResult::verdict).containsExactly(WindowVerdict.BREACH, WindowVerdict.BREACH);
            }
            assertThat(open(incidents)).extracting(i -> i.fingerprint().key())
                    .containsExactlyInAnyOrder(SERVICE + "/edge", SERVICE + "/rag");
            Incident attached = incidents.get(id).incident();
            assertThat(attached.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.EVIDENCE
                    && e.who().equals(TelemetryLoop.WHO)).hasSize(2);
            Evidence.TelemetryWindows latest = (Evidence.TelemetryWindows) attached.discrepancies().get(0).evidence();
            assertThat(latest.values().get(latest.values().size() - 1).windowStart()).isEqualTo(hour(30));

            // window 31 recovered: one good window is not enough
            clock.set(hour(32).plusSeconds(30));
            assertThat(loop.step()).extracting(WindowResult::verdict).containsExactly(WindowVerdict.OK, WindowVerdict.OK);
            IncidentService.Closability oneGood = incidents.closability(id);
            assertThat(oneGood.closable()).isFalse();
            assertThat(oneGood.blockers()).singleElement().asString().contains(EDGE, "in breach", hour(30).toString());

            // window 32 good too: exactly two good windows after the recovery, closable
            clock.set(hour(33).plusSeconds(30));
            assertThat(loop.step()).hasSize(2);
            IncidentService.Closability twoGood = incidents.closability(id);
            assertThat(twoGood.blockers()).isEmpty();
            assertThat(twoGood.closable()).isTrue();
            assertThat(incidents.close(id, "alice").incident().state()).isEqualTo(IncidentState.CLOSED);

            // nothing is evaluated twice
            assertThat(loop.step()).isEmpty();
            assertThat(log.toString()).isEmpty();
        }
    }

    @Test
    void theThreadSurvivesAnUnreachablePrometheusAndStopsOnClose() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Store store = TestStores.open(TestStores.Kind.SQLITE, tmp);
        MutableClock clock = new MutableClock(hour(30).plusSeconds(30));
        IncidentService incidents = incidents(store, clock);
        try (PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2))) {
            WindowResultStore results = new WindowResultStore(store);
            TelemetryWatch watch = new TelemetryWatch(EXPECTATIONS, H, Duration.ofHours(3), new PrometheusSource(client), results,
                    "replica-a", Duration.ofMinutes(10));
            TelemetryLoop loop = new TelemetryLoop(watch, results, incidents, SERVICE, H, clock, new PrintWriter(new StringWriter()), () -> { })
                    .start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (results.results("p95", hour(28), hour(30)).size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(results.results("p95", hour(28), hour(30))).extracting(WindowResult::verdict)
                        .containsExactly(WindowVerdict.ERROR, WindowVerdict.ERROR);
                assertThat(loop.running()).isTrue();
            } finally {
                loop.close();
            }
            assertThat(loop.running()).isFalse();
            assertThat(open(incidents)).isEmpty();
        }
    }

    @Test
    void ticksShortlyAfterEachWindowBoundary() {
        assertThat(TelemetryLoop.nextTick(hour(5), H)).isEqualTo(hour(5).plus(TelemetryLoop.DELAY));
        assertThat(TelemetryLoop.nextTick(hour(5).plusSeconds(30), H)).isEqualTo(hour(6).plus(TelemetryLoop.DELAY));
        assertThat(TelemetryLoop.nextTick(hour(5).plusSeconds(1799), Duration.ofMinutes(30)))
                .isEqualTo(hour(5).plus(Duration.ofMinutes(30)).plus(TelemetryLoop.DELAY));
    }
}
