package dev.perfguard.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

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

    @Property
    void theDelayIsWithinZeroAndTheCeilingAndNeverBelowTheServerFloor(@ForAll @IntRange(min = 1, max = 200) int retry,
            @ForAll @LongRange(min = 0, max = 7200) long floorSeconds, @ForAll long seed) {
        Duration floor = Duration.ofSeconds(floorSeconds);
        Duration d = backoff.delay(retry, floor, new Random(seed));
        assertThat(d).isGreaterThanOrEqualTo(floor);
        Duration ceiling = backoff.ceiling(retry);
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
