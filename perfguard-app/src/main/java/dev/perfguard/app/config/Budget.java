package dev.perfguard.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;

/** A budget as written in the config: a number, or {@code none} to drop the default one. */
public record Budget(OptionalDouble limit) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Budget parse(JsonNode node) {
        if (node.isNumber()) {
            return new Budget(OptionalDouble.of(node.doubleValue()));
        }
        if (node.isTextual() && node.textValue().trim().equalsIgnoreCase("none")) {
            return new Budget(OptionalDouble.empty());
        }
        throw new IllegalArgumentException("expected a number or 'none', got " + node);
    }
}
