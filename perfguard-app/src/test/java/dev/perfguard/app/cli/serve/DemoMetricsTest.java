package dev.perfguard.app.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.target.DemoTarget;
import dev.perfguard.core.telemetry.Observation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's embedded scrape: the target's online quality gauge as a telemetry source when there is no Prometheus. */
class DemoMetricsTest {

    @Test
    void theEmbeddedScrapeAnswersTheGaugeAtATimeFromTheLastSampleBeforeIt() throws Exception {
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.empty(), new PrintWriter(new StringWriter()));
                DemoMetrics.Embedded metrics = new DemoMetrics.Embedded(target.uri(), "for the test");
                HttpClient http = HttpClient.newHttpClient()) {
            Instant before = Instant.now();
            // no judged search yet: the target shows no gauge, so there is nothing to answer
            assertThat(metrics.at(DemoMetrics.GAUGE, before)).isInstanceOf(Observation.NoData.class);
            for (int qid = 1; qid <= 5; qid++) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(target.uri() + "search?q=boundary+layer+flow&k=10&qid=" + qid))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            double now = DemoMetrics.gauge(target.uri()).orElseThrow();
            // a time before any sample with the gauge is still nothing, as in Prometheus
            assertThat(metrics.at(DemoMetrics.GAUGE, before))
                    .isInstanceOfSatisfying(Observation.NoData.class, n -> assertThat(n.reason()).contains("no sample"));
            // a scrape during the searches may have seen fewer of them: wait for one after the last
            Observation expected = new Observation.Value(now, DemoMetrics.GAUGE);
            Instant deadline = Instant.now().plusSeconds(30);
            Observation later;
            do {
                Thread.sleep(200);
                later = metrics.at(DemoMetrics.GAUGE, Instant.now());
            } while (!later.equals(expected) && Instant.now().isBefore(deadline));
            assertThat(later).isEqualTo(expected);
            assertThat(metrics.at("rate(" + DemoMetrics.GAUGE + "[1m])", Instant.now()))
                    .isInstanceOfSatisfying(Observation.Failed.class, f -> assertThat(f.reason()).contains("answers only the query"));
            assertThat(metrics.source()).isSameAs(metrics);
            assertThat(metrics.describe()).isEqualTo("the target's /metrics scraped every second by perfguard itself (for the test)");
        }
    }
}
