package dev.perfguard.signals.ingest;

import dev.perfguard.core.PerfguardException;

/** Errors naming the file and the JSON pointer of the field at fault. */
final class Pointer {
    private Pointer() {}

    static PerfguardException bad(String source, String pointer, String message) {
        return PerfguardException.badInput(source + ": " + (pointer.isEmpty() ? "(document)" : pointer) + ": " + message);
    }

    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }
}
