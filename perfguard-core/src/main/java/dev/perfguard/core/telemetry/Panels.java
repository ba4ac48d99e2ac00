package dev.perfguard.core.telemetry;

import dev.perfguard.core.incident.PanelLink;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Grafana panel links pinned to a window: {@code from} and {@code to} in epoch milliseconds. */
final class Panels {
    private Panels() {}

    /**
     * {@code panel} with its {@code from} and {@code to} parameters (if any) replaced by the window's
     * start and end in epoch milliseconds; other parameters and the fragment are kept in order.
     */
    static PanelLink forWindow(String title, URI panel, Window window) {
        String raw = panel.getRawQuery();
        List<String> kept = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String p : raw.split("&")) {
                String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
                if (!key.equals("from") && !key.equals("to") && !p.isEmpty()) {
                    kept.add(p);
                }
            }
        }
        kept.add("from=" + window.start().toEpochMilli());
        kept.add("to=" + window.end().toEpochMilli());
        String s = panel.toString();
        int cut = s.indexOf('?');
        int hash = s.indexOf('#');
        String head = cut >= 0 ? s.substring(0, cut) : hash >= 0 ? s.substring(0, hash) : s;
        String fragment = hash >= 0 ? s.substring(hash) : "";
        return new PanelLink(title, URI.create(head + "?" + String.join("&", kept) + fragment));
    }
}
