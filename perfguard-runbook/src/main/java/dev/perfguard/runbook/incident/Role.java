package dev.perfguard.runbook.incident;

import dev.perfguard.core.PerfguardException;
import java.util.Locale;

/** What an API token may do: {@code viewer} reads, {@code responder} also edits and decides, {@code admin} also manages tokens and may override the closing gate. */
public enum Role {
    VIEWER, RESPONDER, ADMIN;

    /** Whether this role includes {@code needed} (roles are ordered: admin includes responder includes viewer). */
    public boolean includes(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw PerfguardException.badInput("role '" + name + "' is unknown; expected viewer, responder or admin");
    }
}
