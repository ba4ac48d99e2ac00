package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Validation shared by the records of this package; every failure names the field and the bound. */
final class Checks {

    static final int SHORT = 200;
    static final int LONG = 20_000;

    private Checks() {}

    /** A non-blank text of at most {@code max} characters; line breaks allowed, other control characters not. */
    static String text(String value, String field, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw PerfguardException.badInput(field + " must not be blank");
        }
        if (value.length() > max) {
            throw PerfguardException.badInput(field + " is " + value.length() + " characters long; at most " + max + " allowed");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw PerfguardException.badInput(field + " contains control characters");
        }
        return value;
    }

    /** A single-line non-blank text of at most {@link #SHORT} characters. */
    static String name(String value, String field) {
        text(value, field, SHORT);
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw PerfguardException.badInput(field + " must be a single line");
        }
        return value;
    }

    static <T> List<T> list(List<T> values, String field) {
        Objects.requireNonNull(values, field);
        for (int i = 0; i < values.size(); i++) {
            Objects.requireNonNull(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw PerfguardException.badInput(field + " must be a finite number, was " + value);
        }
        return value;
    }

    /** An absolute http or https URL. */
    static URI httpUrl(URI url, String field) {
        Objects.requireNonNull(url, field);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw PerfguardException.badInput(field + " '" + url + "' must be an absolute http(s) URL");
        }
        return url;
    }
}
