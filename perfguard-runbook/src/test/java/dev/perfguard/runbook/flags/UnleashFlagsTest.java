package dev.perfguard.runbook.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real unleash-server (8.2.0, started by {@code scripts/unleash-start} or {@code scripts/test}, its URL
 * and admin token in {@code PERFGUARD_TEST_UNLEASH_URL} / {@code PERFGUARD_TEST_UNLEASH_TOKEN}). Skipped without
 * one unless {@code PERFGUARD_REQUIRE_UNLEASH=1}. Unleash's open-source edition has one project, {@code default};
 * each test makes its own features there (names with a random suffix), so tests do not meet.
 */
class UnleashFlagsTest {
    private String url;
    private String token;
    private final String project = "default";
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private String ranker;
    private String colour;

    @BeforeEach
    void server() throws Exception {
        url = System.getenv("PERFGUARD_TEST_UNLEASH_URL");
        token = System.getenv("PERFGUARD_TEST_UNLEASH_TOKEN");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("PERFGUARD_REQUIRE_UNLEASH"))) {
                throw new IllegalStateException("PERFGUARD_REQUIRE_UNLEASH=1 but PERFGUARD_TEST_UNLEASH_URL is not set");
            }
            abort("Unleash tests need PERFGUARD_TEST_UNLEASH_URL (scripts/unleash-start or scripts/test starts one)");
        }
        ranker = "new-ranker-" + suffix;
        colour = "colour-" + suffix;
        admin("POST", "/api/admin/projects/" + project + "/features", "{\"name\":\"" + ranker + "\",\"type\":\"release\"}");
        admin("POST", "/api/admin/projects/" + project + "/features", "{\"name\":\"" + colour + "\",\"type\":\"experiment\"}");
    }

    private UnleashFlags store(String environment) {
        return UnleashFlags.connect(new UnleashFlags.Settings(URI.create(url), project, environment, "UNLEASH_ADMIN_TOKEN",
                Duration.ofSeconds(10)), Map.of("UNLEASH_ADMIN_TOKEN", token));
    }

    @Test
    void readsTogglesAndReadsTheChangeEvent() {
        UnleashFlags flags = store("production");
        assertThat(flags.describe()).isEqualTo("unleash:" + project + "/production");
        assertThat(flags.all()).contains(FlagValue.onOff(colour, false), FlagValue.onOff(ranker, false));

        Instant before = Instant.now().minusSeconds(5);
        FlagStore.Toggle on = flags.set(ranker, true, "alice");
        assertThat(on.changed()).isTrue();
        assertThat(on.before().state()).isEqualTo("off");
        assertThat(on.after().state()).isEqualTo("on");
        assertThat(on.storeEvent()).hasValueSatisfying(e -> assertThat(e).contains("feature-environment-enabled"));
        assertThat(flags.get(ranker)).contains(FlagValue.onOff(ranker, true));
        // another environment is not touched
        assertThat(store("development").get(ranker)).contains(FlagValue.onOff(ranker, false));

        FlagStore.Toggle again = flags.set(ranker, true, "alice");
        assertThat(again.changed()).isFalse();

        FlagStore.Toggle off = flags.set(ranker, false, "bob");
        assertThat(off.after().enabled()).isFalse();
        assertThat(off.storeEvent()).hasValueSatisfying(e -> assertThat(e).contains("feature-environment-disabled"));
        assertThat(flags.history(before)).filteredOn(c -> c.flag().equals(ranker))
                .extracting(c -> c.before().orElseThrow() + "→" + c.after() + " " + c.source())
                .containsExactly("off→on unleash-event", "on→off unleash-event");
    }

    @Test
    void anUnknownFlagIsNotFoundAndABadTokenIsARemoteError() {
        assertThat(store("production").get("nothing")).isEmpty();
        assertThatThrownBy(() -> store("production").set("nothing", false, "alice"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        UnleashFlags bad = UnleashFlags.connect(new UnleashFlags.Settings(URI.create(url), project, "production", "T",
                Duration.ofSeconds(10)), Map.of("T", "*:*.not-a-token"));
        assertThatThrownBy(bad::all)
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE))
                .hasMessageContaining("refused the token from T");
        assertThatThrownBy(() -> UnleashFlags.connect(new UnleashFlags.Settings(URI.create(url), project, "production",
                "NOT_SET_HERE", Duration.ofSeconds(10)), Map.of()))
                .hasMessageContaining("flags.unleash.token_env names NOT_SET_HERE, which is not set");
    }

    private void admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Authorization", token)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    }
}
