package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.notify.IncidentPages;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void publicUrlGivesTheIncidentPagesTrailingSlashOrNot() {
        for (String url : new String[] {"https://perfguard.example.com", "https://perfguard.example.com/"}) {
            PerfguardConfig c = loader.parse("perfguard.yaml", "server:\n  public_url: " + url + "\n");
            assertThat(ServerSettings.pages(c.server())).contains(new IncidentPages(URI.create("https://perfguard.example.com")));
            assertThat(ServerSettings.pages(c.server()).orElseThrow().of("INC-7"))
                    .isEqualTo(URI.create("https://perfguard.example.com/incidents/INC-7"));
        }
        PerfguardConfig proxied = loader.parse("perfguard.yaml", "server:\n  public_url: http://ops.example.com:8443/perfguard\n");
        assertThat(ServerSettings.pages(proxied.server()).orElseThrow().of("INC-7"))
                .isEqualTo(URI.create("http://ops.example.com:8443/perfguard/incidents/INC-7"));
    }

    @Test
    void withoutTheKeyThereAreNoPages() {
        assertThat(ServerSettings.pages(PerfguardConfig.defaults().server())).isEmpty();
        assertThat(ServerSettings.pages(loader.parse("perfguard.yaml", "service: web\n").server())).isEmpty();
    }

    @Test
    void aBadValueIsAConfigErrorNamingTheKeyAndItsLine() {
        for (String bad : new String[] {"perfguard.example.com", "ftp://perfguard.example.com", "https://perfguard.example.com/?a=1",
                "https://admin@perfguard.example.com", "https://perfguard.example.com/#top", "'https://perf guard'", "\"\""}) {
            assertThatThrownBy(() -> loader.parse("perfguard.yaml", "service: web\nserver:\n  public_url: " + bad + "\n"))
                    .as(bad)
                    .isInstanceOf(PerfguardException.class)
                    .hasMessageStartingWith("perfguard.yaml:3: key 'server.public_url': ")
                    .satisfies(e -> assertThat(((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
        }
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "server:\n  public_url: perfguard.example.com\n"))
                .hasMessage("perfguard.yaml:2: key 'server.public_url': 'perfguard.example.com' is not an absolute http(s) URL "
                        + "with a host and no user info, query or fragment, like https://perfguard.example.com");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "server:\n  public_uri: https://perfguard.example.com\n"))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("unknown key 'public_uri'");
    }
}
