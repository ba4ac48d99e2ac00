package dev.perfguard.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded generated cases for property tests: a {@code @ParameterizedTest} whose {@code @MethodSource}
 * returns {@link #cases}. The edge cases a test lists come first, then {@code count} cases, each drawn
 * from its own seed; the case seeds follow from one fixed base seed, so every run tries the same cases.
 * Each case is one argument (a record of the property's inputs) and names itself in the test's display
 * name: {@code [3] edge 2: Delay[retry=200, ...]} or {@code [51] case 7, seed -5822...: Delay[...]}.
 * {@link #one} draws a single case again from its seed.
 *
 * <p>Edge values are not drawn by chance: a property lists them ({@link #edges} gives the bounds of a
 * range, their neighbours and -1, 0, 1 where inside), usually as the combinations of each input's edges.
 */
public final class Generated {
    private Generated() {}

    /** The values of one case, drawn from a {@link SplittableRandom} seeded with the case's seed. */
    public static final class Source {
        private final SplittableRandom random;

        private Source(long seed) {
            this.random = new SplittableRandom(seed);
        }

        /** Uniform in {@code [min, max]}. */
        public int ints(int min, int max) {
            return (int) longs(min, max);
        }

        /** Uniform in {@code [min, max]}. */
        public long longs(long min, long max) {
            if (min > max) {
                throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
            }
            if (max < Long.MAX_VALUE) {
                return random.nextLong(min, max + 1);
            }
            return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
        }

        /** Any long, every value equally likely. */
        public long anyLong() {
            return random.nextLong();
        }

        /** Uniform in {@code [min, max)}; list {@code max} among the edge cases. */
        public double doubles(double min, double max) {
            return random.nextDouble(min, max);
        }

        /** {@code size} values, each uniform in {@code [min, max]}. */
        public List<Integer> ints(int size, int min, int max) {
            List<Integer> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(ints(min, max));
            }
            return List.copyOf(out);
        }

        /** Uniform in {@code [min, max]} at nanosecond resolution (both within about 292 years). */
        public Duration durations(Duration min, Duration max) {
            return Duration.ofNanos(longs(min.toNanos(), max.toNanos()));
        }

        /** One of {@code values}, each equally likely. */
        public <T> T oneOf(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }

    /**
     * The arguments of a property: {@code edges} first, then {@code count} cases drawn by {@code draw}
     * from seeds that the {@code baseSeed} determines.
     */
    public static <T> Stream<Arguments> cases(long baseSeed, int count, List<T> edges, Function<Source, T> draw) {
        Objects.requireNonNull(draw, "draw");
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0, was " + count);
        }
        long[] seeds = new SplittableRandom(baseSeed).longs(count).toArray();
        Stream<Arguments> listed = IntStream.range(0, edges.size())
                .mapToObj(i -> Arguments.argumentSet("edge " + i + ": " + edges.get(i), edges.get(i)));
        Stream<Arguments> drawn = IntStream.range(0, count).mapToObj(i -> {
            T value = draw.apply(new Source(seeds[i]));
            return Arguments.argumentSet("case " + i + ", seed " + seeds[i] + ": " + value, value);
        });
        return Stream.concat(listed, drawn);
    }

    /** The case that {@link #cases} drew from {@code caseSeed}, for looking at one failure alone. */
    public static <T> T one(long caseSeed, Function<Source, T> draw) {
        return draw.apply(new Source(caseSeed));
    }

    /** The edges of {@code [min, max]}: both bounds, their neighbours inside the range, and -1, 0, 1 if inside. */
    public static List<Integer> edges(int min, int max) {
        return edges((long) min, max).stream().map(Long::intValue).toList();
    }

    /** The edges of {@code [min, max]}: both bounds, their neighbours inside the range, and -1, 0, 1 if inside. */
    public static List<Long> edges(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        TreeSet<Long> out = new TreeSet<>(List.of(min, max));
        if (min < max) {
            out.add(min + 1);
            out.add(max - 1);
        }
        for (long v = -1; v <= 1; v++) {
            if (v >= min && v <= max) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }
}
