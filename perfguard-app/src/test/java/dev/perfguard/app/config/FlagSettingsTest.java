package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.runbook.flags.FlagdFile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagSettingsTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void noSectionNoStore() {
        assertThat(FlagSettings.store(loader.parse("perfguard.yaml", "service: web\n").flags(), Map.of())).isEmpty();
    }

    @Test
    void flagdNamesTheFile() {
        var c = loader.parse("perfguard.yaml", "flags:\n  flagd: deploy/flags.json\n  diff_lookback: 6h\n").flags();
        assertThat(FlagSettings.store(c, Map.of())).hasValueSatisfying(s -> assertThat(s).isInstanceOf(FlagdFile.class));
        assertThat(FlagSettings.lookback(c)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void unleashNeedsItsKeysAndTheTokenVariable() {
        String ok = "flags:\n  unleash:\n    url: http://127.0.0.1:4242\n    environment: production\n    token_env: UNLEASH_ADMIN_TOKEN\n";
        var c = loader.parse("perfguard.yaml", ok).flags();
        assertThat(FlagSettings.store(c, Map.of("UNLEASH_ADMIN_TOKEN", "t")).orElseThrow().describe())
                .isEqualTo("unleash:default/production");
        assertThatThrownBy(() -> FlagSettings.store(c, Map.of()))
                .hasMessageContaining("flags.unleash.token_env names UNLEASH_ADMIN_TOKEN, which is not set");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", ok.replace("    environment: production\n", "")))
                .hasMessageContaining("key 'flags.unleash.environment': is required when flags.unleash is configured");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", ok.replace("http://127.0.0.1:4242", "unleash:4242")))
                .hasMessageContaining("perfguard.yaml:3: key 'flags.unleash.url'");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", ok.replace("UNLEASH_ADMIN_TOKEN", "'*:*.secret'")))
                .hasMessageContaining("key 'flags.unleash.token_env': is not an environment variable name");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", ok + "  flagd: f.json\n"))
                .hasMessageContaining("configure one flag store: flagd or unleash, not both");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "flags:\n  flagd: f.json\n  lookback: 1h\n"))
                .hasMessageContaining("unknown key 'lookback'");
    }
}
