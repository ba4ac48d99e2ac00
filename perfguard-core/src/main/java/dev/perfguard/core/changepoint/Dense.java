package dev.perfguard.core.changepoint;

import java.util.Arrays;

/**
 * A series with its missing values taken out, and the way back to input positions. When nothing
 * is missing the input array is used as is and no index map is allocated.
 */
record Dense(double[] values, int size, int[] positions) {

    static Dense of(double[] series) {
        int missing = 0;
        for (int i = 0; i < series.length; i++) {
            double x = series[i];
            if (Double.isNaN(x)) {
                missing++;
            } else if (Double.isInfinite(x)) {
                throw new IllegalArgumentException("series[" + i + "] is infinite");
            }
        }
        if (missing == 0) {
            return new Dense(series, series.length, null);
        }
        double[] v = new double[series.length - missing];
        int[] pos = new int[v.length];
        int o = 0;
        for (int i = 0; i < series.length; i++) {
            if (!Double.isNaN(series[i])) {
                v[o] = series[i];
                pos[o++] = i;
            }
        }
        return new Dense(v, v.length, pos);
    }

    int originalIndex(int denseIndex) {
        return positions == null ? denseIndex : positions[denseIndex];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dense d && size == d.size && Arrays.equals(values, 0, size, d.values, 0, d.size);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOf(values, size));
    }

    @Override
    public String toString() {
        return "Dense[size=" + size + "]";
    }
}
