package dev.perfguard.app.exposition;

import java.math.BigDecimal;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** One histogram series of seconds; {@code _count} is the sum of its buckets, so it always equals the {@code +Inf} bucket. */
public final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** @param bounds the upper bounds of the buckets, ascending; {@code +Inf} is added */
    public Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(double seconds) {
        int i = 0;
        while (i < bounds.length && seconds > bounds[i]) {
            i++;
        }
        counts[i].increment();
        sum.add(seconds);
    }

    /** The cumulative buckets, sum and count of this series under {@code name} with {@code labels} (names and values). */
    public void write(Exposition out, String name, String... labels) {
        long cumulative = 0;
        String[] withLe = new String[labels.length + 2];
        System.arraycopy(labels, 0, withLe, 0, labels.length);
        withLe[labels.length] = "le";
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i].sum();
            withLe[labels.length + 1] = i < bounds.length ? BigDecimal.valueOf(bounds[i]).stripTrailingZeros().toPlainString() : "+Inf";
            out.sample(name + "_bucket", cumulative, withLe);
        }
        out.sample(name + "_sum", sum.sum(), labels);
        out.sample(name + "_count", cumulative, labels);
    }
}
