package dev.perfguard.app.config;

import dev.perfguard.app.config.PerfguardConfig.FlagsConfig;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.FlagStore;
import dev.perfguard.runbook.flags.FlagdFile;
import dev.perfguard.runbook.flags.UnleashFlags;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code flags} section: {@code flagd} (a flag-definition file) or {@code unleash} ({@code url},
 * {@code project}, {@code environment}, {@code token_env}, {@code timeout}), and {@code diff_lookback}. No
 * section: no flag store (nothing captured, rollbacks refused). See docs/flags.md.
 */
public final class FlagSettings {
    private FlagSettings() {}

    static void validate(String file, String yaml, FlagsConfig f) {
        NotifyConfigs.Check c = new NotifyConfigs.Check(file, yaml);
        c.that(f.flagd() == null || f.unleash() == null, "flags", "configure one flag store: flagd or unleash, not both");
        if (f.flagd() != null) {
            c.that(!f.flagd().isBlank(), "flags.flagd", "must name the flagd flag-definition file");
            try {
                Path.of(f.flagd());
            } catch (InvalidPathException e) {
                c.that(false, "flags.flagd", "is not a file path: " + e.getMessage());
            }
        }
        if (f.unleash() != null) {
            var u = f.unleash();
            c.require("flags.unleash.url", u.url());
            boolean http;
            try {
                URI uri = new URI(u.url().strip());
                http = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (URISyntaxException e) {
                http = false;
            }
            c.that(http, "flags.unleash.url", "'" + u.url() + "' is not an http(s) URL like http://unleash:4242");
            c.that(u.project() == null || u.project().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"), "flags.unleash.project",
                    "must be an Unleash project id (letters, digits, '.', '_', '-'), was '" + u.project() + "'");
            c.require("flags.unleash.environment", u.environment());
            c.that(u.environment().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"), "flags.unleash.environment",
                    "must be an Unleash environment name (letters, digits, '.', '_', '-'), was '" + u.environment() + "'");
            c.env("flags.unleash.token_env", u.tokenEnv(), true);
            c.that(u.timeout() == null || (!u.timeout().isNegative() && !u.timeout().isZero()
                    && u.timeout().compareTo(Duration.ofMinutes(5)) <= 0), "flags.unleash.timeout",
                    "must be between 1ms and 5m, was " + u.timeout());
        }
        c.that(f.diffLookback() == null || (!f.diffLookback().isNegative() && !f.diffLookback().isZero()
                && f.diffLookback().compareTo(Duration.ofDays(366)) <= 0), "flags.diff_lookback",
                "must be between 1ms and 366d, was " + f.diffLookback());
    }

    /** The configured flag store, if any; an Unleash token missing from {@code env} is a {@code CONFIG} error. */
    public static Optional<FlagStore> store(FlagsConfig f, Map<String, String> env) {
        if (f.flagd() != null) {
            return Optional.of(FlagdFile.at(Path.of(f.flagd())));
        }
        if (f.unleash() != null) {
            var u = f.unleash();
            return Optional.of(UnleashFlags.connect(new UnleashFlags.Settings(URI.create(u.url().strip()),
                    u.project() == null ? "default" : u.project(), u.environment(), u.tokenEnv(),
                    u.timeout() == null ? Duration.ofSeconds(10) : u.timeout()), env));
        }
        return Optional.empty();
    }

    public static Duration lookback(FlagsConfig f) {
        return f.diffLookback() == null ? FlagService.DEFAULT_LOOKBACK : f.diffLookback();
    }
}
