package dev.perfguard.core.incident;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A dashboard panel that shows a discrepancy, e.g. a Grafana panel URL with a title. */
public record PanelLink(String title, URI url) {
    public PanelLink {
        Checks.name(title, "panel title");
        Checks.httpUrl(url, "panel url");
    }

    /**
     * This panel showing {@code from} to {@code to}: its {@code from} and {@code to} query parameters (if any)
     * replaced by the two times in epoch milliseconds, as Grafana reads them; other parameters and the fragment
     * are kept in order.
     */
    public PanelLink pinned(Instant from, Instant to) {
        String raw = url.getRawQuery();
        List<String> kept = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String p : raw.split("&")) {
                String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
                if (!key.equals("from") && !key.equals("to") && !p.isEmpty()) {
                    kept.add(p);
                }
            }
        }
        kept.add("from=" + from.toEpochMilli());
        kept.add("to=" + to.toEpochMilli());
        String s = url.toString();
        int cut = s.indexOf('?');
        int hash = s.indexOf('#');
        String head = cut >= 0 ? s.substring(0, cut) : hash >= 0 ? s.substring(0, hash) : s;
        String fragment = hash >= 0 ? s.substring(hash) : "";
        return new PanelLink(title, URI.create(head + "?" + String.join("&", kept) + fragment));
    }
}
