package dev.perfguard.core.changepoint;

/**
 * The level of one segment of a series: how many non-missing observations it holds, their median
 * and their mean, in the unit of the series.
 *
 * @param count number of non-missing observations in the segment, at least 1
 * @param median the segment's median (the mean of the two middle values for an even count)
 * @param mean the segment's arithmetic mean
 */
public record Level(int count, double median, double mean) {
    public Level {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }
}
