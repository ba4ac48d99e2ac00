package dev.perfguard.app.slot;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where load may go: loopback or a listed host, anything else refused naming the scenario file and the list. */
class TargetPolicyTest {
    @Test
    void aListedHostOrLoopbackIsAllowedAndAnyOtherIsRefused() {
        assertThatCode(() -> TargetPolicy.check(URI.create("http://192.0.2.10:8080"), List.of("search.staging.internal", "192.0.2.10"),
                "remote.yaml")).doesNotThrowAnyException();
        assertThatCode(() -> TargetPolicy.check(URI.create("http://localhost:8080"), List.of(), "local.yaml")).doesNotThrowAnyException();
        assertThatThrownBy(() -> TargetPolicy.check(URI.create("http://search.prod.example:80"), List.of("search.staging.internal"), "x.yaml"))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("x.yaml: target: host 'search.prod.example'")
                .hasMessageContaining("(listed: search.staging.internal)");
    }
}
