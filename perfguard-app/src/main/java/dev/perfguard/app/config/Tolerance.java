package dev.perfguard.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A tolerance as written in the config: {@code 10%} (relative) or a plain number. For Lighthouse a
 * plain number is a fraction (0.10 = 10 %); for rag_eval it is an absolute amount of the measure.
 */
public record Tolerance(double value, boolean percent) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Tolerance parse(JsonNode node) {
        if (node.isNumber()) {
            return new Tolerance(node.doubleValue(), false);
        }
        if (node.isTextual()) {
            String s = node.textValue().trim();
            try {
                if (s.endsWith("%")) {
                    return new Tolerance(Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100.0, true);
                }
                return new Tolerance(Double.parseDouble(s), false);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("expected a percentage like 10% or a number, got " + node);
    }

    @Override
    public String toString() {
        return percent ? String.format(Locale.ROOT, "%s%%", value * 100) : Double.toString(value);
    }
}
