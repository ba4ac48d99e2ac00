package dev.perfguard.app.config;

import dev.perfguard.runbook.notify.RerunHook;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code rerun} section: the fast-fix branch's CI trigger. See docs/configuration.md, "Rerun hook". */
public final class RerunSettings {
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RerunSettings() {}

    static void validate(String file, String yaml, PerfguardConfig.RerunConfig r) {
        NotifyConfigs.Check c = new NotifyConfigs.Check(file, yaml);
        if (r.url() == null) {
            c.that(r.tokenEnv() == null && r.inputs().isEmpty(), "rerun.url", "is required when rerun is configured");
            return;
        }
        c.that(r.tokenEnv() != null && ENV.matcher(r.tokenEnv()).matches(), "rerun.token_env",
                "must name the environment variable holding the CI token (letters, digits, '_')");
        c.that(!r.ref().isBlank(), "rerun.ref", "must not be empty");
        try {
            settings(r);
        } catch (URISyntaxException | RuntimeException e) {
            c.that(false, "rerun.url", "'" + r.url() + "' is not an absolute http(s) URL without user info, query or fragment");
        }
    }

    /** The hook's settings, when {@code rerun.url} is set. */
    public static Optional<RerunHook.Settings> of(PerfguardConfig.RerunConfig r) {
        try {
            return r.url() == null ? Optional.empty() : Optional.of(settings(r));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("validated at load", e);
        }
    }

    private static RerunHook.Settings settings(PerfguardConfig.RerunConfig r) throws URISyntaxException {
        return new RerunHook.Settings(new URI(r.url().strip()), r.tokenEnv(), r.ref().strip(), r.inputs());
    }
}
