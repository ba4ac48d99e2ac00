package dev.perfguard.core.incident;

import java.net.URI;

/** A dashboard panel that shows a discrepancy, e.g. a Grafana panel URL with a title. */
public record PanelLink(String title, URI url) {
    public PanelLink {
        Checks.name(title, "panel title");
        Checks.httpUrl(url, "panel url");
    }
}
