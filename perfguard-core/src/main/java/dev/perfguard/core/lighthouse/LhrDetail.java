package dev.perfguard.core.lighthouse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an LHR says of every audit and category, read only when assertions need it (the comparison
 * reads seven metrics and skips the rest). Numbers Lighthouse left out or set to {@code null} are NaN.
 *
 * @param audits by audit id, in the report's order
 * @param categories category id to score (NaN for a category Lighthouse could not score)
 */
public record LhrDetail(Map<String, Audit> audits, Map<String, Double> categories) {
    public static final LhrDetail NONE = new LhrDetail(Map.of(), Map.of());

    public LhrDetail {
        audits = Collections.unmodifiableMap(new LinkedHashMap<>(audits));
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    /**
     * One audit's result.
     *
     * @param itemCount the length of {@code details.items}, 0 without one
     * @param items the rows of {@code resource-summary} and {@code user-timings} (whose rows an
     *     assertion may name); empty for every other audit
     */
    public record Audit(String title, double score, String scoreDisplayMode, double numericValue, int itemCount, List<Item> items) {
        public Audit {
            title = title == null ? "" : title;
            scoreDisplayMode = scoreDisplayMode == null ? "" : scoreDisplayMode;
            items = List.copyOf(items);
        }
    }

    /**
     * A row of an audit's table: its label ({@code resourceType} of resource-summary, {@code name}
     * of user-timings) and its numeric cells by key.
     */
    public record Item(String label, Map<String, Double> numbers) {
        public Item {
            Objects.requireNonNull(label, "label");
            numbers = Map.copyOf(numbers);
        }
    }
}
