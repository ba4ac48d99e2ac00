package dev.perfguard.core.lighthouse;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Normalizes a run's URL for pairing baseline and current groups: scheme, host and port are
 * dropped (preview deployments differ in host), then each replacement is applied in order, like
 * LHCI's {@code urlReplacementPatterns} ({@code s#pattern#replacement#} with Java regex syntax).
 */
public record UrlNormalizer(List<Replacement> replacements) {
    public record Replacement(Pattern pattern, String replacement) {
        public Replacement {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(replacement, "replacement");
        }

        /** Parses {@code s<d>regex<d>replacement<d>} with any delimiter {@code d}. */
        public static Replacement parse(String sed) {
            if (sed.length() < 4 || sed.charAt(0) != 's') {
                throw new IllegalArgumentException("expected s#regex#replacement#, was '" + sed + "'");
            }
            char d = sed.charAt(1);
            int mid = sed.indexOf(d, 2);
            if (mid < 0 || sed.charAt(sed.length() - 1) != d || mid == sed.length() - 1) {
                throw new IllegalArgumentException("expected s" + d + "regex" + d + "replacement" + d + ", was '" + sed + "'");
            }
            return new Replacement(Pattern.compile(sed.substring(2, mid)), sed.substring(mid + 1, sed.length() - 1));
        }
    }

    public UrlNormalizer {
        replacements = List.copyOf(replacements);
    }

    public String normalize(String url) {
        String s = url;
        try {
            URI u = URI.create(url);
            if (u.getScheme() != null && u.getRawAuthority() != null) {
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
                s = path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            }
        } catch (IllegalArgumentException notAUri) {
            // keep the text as it is; replacements may still normalize it
        }
        for (Replacement r : replacements) {
            s = r.pattern().matcher(s).replaceAll(r.replacement());
        }
        return s;
    }
}
