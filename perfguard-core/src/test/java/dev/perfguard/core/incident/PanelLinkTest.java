package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PanelLinkTest {
    static final Instant FROM = Instant.ofEpochMilli(1_000);
    static final Instant TO = Instant.ofEpochMilli(2_000);

    @Test
    void pinningReplacesFromAndToAndKeepsTheRestInOrder() {
        PanelLink p = new PanelLink("Edge", URI.create("https://g.example/d/edge?orgId=1&from=now-6h&viewPanel=4&to=now#top"));
        assertThat(p.pinned(FROM, TO).url().toString()).isEqualTo("https://g.example/d/edge?orgId=1&viewPanel=4&from=1000&to=2000#top");
        assertThat(new PanelLink("E", URI.create("https://g.example/d/edge")).pinned(FROM, TO).url().toString())
                .isEqualTo("https://g.example/d/edge?from=1000&to=2000");
        assertThat(new PanelLink("E", URI.create("https://g.example/d/edge#x")).pinned(FROM, TO).url().toString())
                .isEqualTo("https://g.example/d/edge?from=1000&to=2000#x");
        assertThat(p.pinned(FROM, TO).title()).isEqualTo("Edge");
    }
}
