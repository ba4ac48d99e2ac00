package dev.perfguard.runbook.notify;

import dev.perfguard.core.PerfguardException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Incident ids in messages follow the domain's rule, so a damaged payload cannot smuggle quotes into JQL or paths. */
final class MessageIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private MessageIds() {}

    static void require(String incidentId) {
        Objects.requireNonNull(incidentId, "incidentId");
        if (!ID.matcher(incidentId).matches()) {
            throw PerfguardException.badInput("incident id '" + incidentId
                    + "' is invalid; expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
