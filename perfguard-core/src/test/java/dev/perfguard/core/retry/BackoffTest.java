package dev.perfguard.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Generated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30), 20);

    @Test
    void theCeilingDoublesUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(1280));
        assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofMinutes(30));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofMinutes(30));
    }

    record Delay(int retry, long floorSeconds, long seed) {}

    /**
     * 500 drawn cases; the edges are every combination of the edges of retry in [1, 200] and of the
     * floor in [0, 7200] s, the seed taking turns among Long.MIN_VALUE, 0 and Long.MAX_VALUE. Half the
     * drawn retries are below the cap (1 to 11) and half the floors under a minute: drawn uniformly,
     * nearly every case has a capped ceiling and a floor above it, where the jitter never shows.
     */
    static Stream<Arguments> delays() {
        List<Delay> edges = new ArrayList<>();
        List<Long> seeds = List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE);
        for (int retry : Generated.edges(1, 200)) {
            for (long floor : Generated.edges(0L, 7200L)) {
                edges.add(new Delay(retry, floor, seeds.get(edges.size() % seeds.size())));
            }
        }
        return Generated.cases(20_261_203L, 500, edges, g -> new Delay(g.ints(1, g.oneOf(List.of(11, 200))),
                g.longs(0, g.oneOf(List.of(60L, 7200L))), g.anyLong()));
    }

    @ParameterizedTest
    @MethodSource("delays")
    void theDelayIsWithinZeroAndTheCeilingAndNeverBelowTheServerFloor(Delay c) {
        Duration floor = Duration.ofSeconds(c.floorSeconds());
        Duration d = backoff.delay(c.retry(), floor, new Random(c.seed()));
        assertThat(d).isGreaterThanOrEqualTo(floor);
        Duration ceiling = backoff.ceiling(c.retry());
        assertThat(d).isLessThanOrEqualTo(floor.compareTo(ceiling) > 0 ? floor : ceiling);
    }

    @Test
    void fullJitterSpreadsDelaysAndASeedRepeatsThem() {
        Random a = new Random(42);
        Random b = new Random(42);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Duration x = backoff.delay(6, Duration.ZERO, a);
            assertThat(backoff.delay(6, Duration.ZERO, b)).isEqualTo(x);
            seen.add(x);
        }
        assertThat(seen.size()).isGreaterThan(40); // uniform over [0, 160 s] in milliseconds: collisions are rare
        long mean = seen.stream().mapToLong(Duration::toMillis).sum() / seen.size();
        assertThat(mean).isBetween(50_000L, 110_000L);
    }

    @Test
    void aServerFloorAboveTheCapIsHonoured() {
        assertThat(backoff.delay(1, Duration.ofHours(2), new Random(1))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void retriesStopAtMaxAttempts() {
        assertThat(backoff.mayRetry(19)).isTrue();
        assertThat(backoff.mayRetry(20)).isFalse();
    }

    @Test
    void badParametersAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), 3)).hasMessageContaining("base must be positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 3)).hasMessageContaining("cap PT1M");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> backoff.ceiling(0)).hasMessageContaining("retry must be at least 1");
    }
}
