package dev.perfguard.app.config;

import dev.perfguard.app.config.PerfguardConfig.ServerConfig;
import dev.perfguard.runbook.notify.IncidentPages;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The {@code server} section: {@code public_url}, where people reach perfguard's web pages, which the
 * notifications link to. See docs/configuration.md, "Top level".
 */
public final class ServerSettings {

    private static final String KEY = "server.public_url";

    private ServerSettings() {}

    /** Validates the section as loaded from {@code yaml} (for line numbers); a bad value is a {@code CONFIG} error naming the key. */
    static void validate(String file, String yaml, ServerConfig s) {
        if (s.publicUrl() == null) {
            return;
        }
        NotifyConfigs.Check c = new NotifyConfigs.Check(file, yaml);
        String value = s.publicUrl().strip();
        c.that(!value.isEmpty(), KEY, "must not be empty (leave the key out for notifications without links)");
        try {
            new IncidentPages(new URI(value));
        } catch (URISyntaxException | IllegalArgumentException e) {
            c.that(false, KEY, "'" + value + "' is not an absolute http(s) URL with a host and no user info, query or "
                    + "fragment, like https://perfguard.example.com");
        }
    }

    /** The incident pages the notifications link to: present exactly when {@code server.public_url} is set. */
    public static Optional<IncidentPages> pages(ServerConfig s) {
        return Optional.ofNullable(s.publicUrl()).map(u -> new IncidentPages(URI.create(u.strip())));
    }
}
