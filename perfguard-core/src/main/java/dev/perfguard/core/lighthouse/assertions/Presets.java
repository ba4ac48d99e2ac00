package dev.perfguard.core.lighthouse.assertions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * LHCI 0.15.1's presets, from {@code presets.txt}: {@code lighthouse:all} asserts every audit of
 * Lighthouse 12 and 13 (a few off), {@code lighthouse:recommended} turns flaky ones to warnings and
 * asserts opportunities by their item count, {@code lighthouse:no-pwa} turns off the former PWA checks.
 */
final class Presets {
    static final List<String> NAMES = List.of("lighthouse:all", "lighthouse:recommended", "lighthouse:no-pwa");

    private static final Map<String, Map<String, Assertion>> PRESETS = load();

    private Presets() {}

    static Map<String, Assertion> assertions(String preset) {
        Map<String, Assertion> p = PRESETS.get(preset);
        if (p == null) {
            throw new IllegalArgumentException("unknown preset '" + preset + "'");
        }
        return p;
    }

    /** Whether {@code lighthouse:all} names the audit: an audit it does not name is reported as not a known audit. */
    static boolean known(String auditId) {
        return PRESETS.get("lighthouse:all").containsKey(auditId);
    }

    private static Map<String, Map<String, Assertion>> load() {
        Map<String, Map<String, Assertion>> presets = new HashMap<>();
        try (InputStream in = Presets.class.getResourceAsStream("presets.txt")) {
            if (in == null) {
                throw new IllegalStateException("presets.txt is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Assertion> current = null;
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts[0].equals("preset")) {
                    current = new LinkedHashMap<>();
                    if (parts.length == 4 && parts[2].equals("extends")) {
                        current.putAll(presets.get(parts[3]));
                    }
                    presets.put(parts[1], current);
                    continue;
                }
                current.put(parts[0], parse(parts));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, Assertion>> frozen = new HashMap<>();
        presets.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        return Map.copyOf(frozen);
    }

    private static Assertion parse(String[] parts) {
        String level = parts[1];
        if (!level.startsWith("[")) {
            return Assertion.of(Level.byLabel(level).orElseThrow());
        }
        OptionalDouble minScore = OptionalDouble.empty();
        OptionalDouble maxLength = OptionalDouble.empty();
        OptionalDouble maxNumericValue = OptionalDouble.empty();
        for (int i = 2; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            double v = Double.parseDouble(kv[1]);
            switch (kv[0]) {
                case "minScore" -> minScore = OptionalDouble.of(v);
                case "maxLength" -> maxLength = OptionalDouble.of(v);
                case "maxNumericValue" -> maxNumericValue = OptionalDouble.of(v);
                default -> throw new IllegalStateException("presets.txt: unknown option " + kv[0]);
            }
        }
        return new Assertion(Level.byLabel(level.substring(1, level.length() - 1)).orElseThrow(), true,
                minScore, maxLength, maxNumericValue, Optional.empty());
    }
}
