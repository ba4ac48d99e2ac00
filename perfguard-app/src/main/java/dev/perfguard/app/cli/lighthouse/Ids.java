package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.regex.Pattern;

/** Validation of build ids and branch names given on the command line. */
final class Ids {
    private static final Pattern OK = Pattern.compile("[A-Za-z0-9._/+@:#-]{1,200}");

    private Ids() {}

    static void check(String option, String value) {
        if (value == null || !OK.matcher(value).matches()) {
            throw new PerfguardException(ErrorCode.USAGE, option + ": '" + value
                    + "' is not a valid name (1 to 200 of letters, digits and ._/+@:#-)");
        }
    }
}
