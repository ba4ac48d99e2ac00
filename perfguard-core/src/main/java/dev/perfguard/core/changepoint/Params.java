package dev.perfguard.core.changepoint;

/**
 * The detector's fixed parameters. {@link #DEFAULTS} is what every caller gets; the record exists
 * so that tests and the benchmark can name what they vary.
 *
 * @param minSegment fewest observations a segment may hold
 * @param splitAlpha level of the permutation test that lets binary segmentation split a stretch
 *     (liberal: the candidates it proposes are re-tested)
 * @param alpha level a change point must reach against its two neighbouring segments to be kept
 * @param maxPermutations most permutations per test
 * @param hits permutations reaching the observed statistic after which a test stops
 * @param maxAutocorrelation cap on the residual lag-one autocorrelation used to widen the null
 * @param relocate whether kept change points are moved to the peak between their final neighbours
 * @param burstScan whether binary segmentation also scans for short bursts when no single split passes
 * @param globalAutocorrelation whether the autocorrelation estimated over the whole stretch is a floor for the local one
 * @param trendBreaks whether the pruned segments are scanned for breaks in the trend of their ranks
 *     ({@link TrendBreak}, at level {@code alpha / 2})
 */
record Params(int minSegment, double splitAlpha, double alpha, int maxPermutations, int hits,
        double maxAutocorrelation, boolean relocate, boolean burstScan, boolean globalAutocorrelation, boolean trendBreaks) {

    static final Params DEFAULTS = new Params(5, 0.05, 0.001, 999, 10, 0.75, true, true, true, true);

    Params {
        if (minSegment < 2) {
            throw new IllegalArgumentException("minSegment must be at least 2, was " + minSegment);
        }
        if (!(alpha > 0 && alpha < 1) || !(splitAlpha > 0 && splitAlpha < 1)) {
            throw new IllegalArgumentException("alpha and splitAlpha must be in (0, 1)");
        }
        if (maxPermutations < 1 || hits < 1) {
            throw new IllegalArgumentException("maxPermutations and hits must be positive");
        }
        if (!(maxAutocorrelation >= 0 && maxAutocorrelation < 1)) {
            throw new IllegalArgumentException("maxAutocorrelation must be in [0, 1), was " + maxAutocorrelation);
        }
    }
}
