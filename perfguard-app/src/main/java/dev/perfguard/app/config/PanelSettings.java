package dev.perfguard.app.config;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Fingerprint;
import dev.perfguard.core.incident.PanelCatalog;
import dev.perfguard.core.incident.PanelLink;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code panels} section: per metric family, the Grafana panels every discrepancy of the family links to,
 * pinned to the evidence's time range. See docs/configuration.md, "Panels".
 */
public final class PanelSettings {
    private PanelSettings() {}

    static void validate(String file, String yaml, Map<String, List<PerfguardConfig.Panel>> panels) {
        NotifyConfigs.Check c = new NotifyConfigs.Check(file, yaml);
        panels.forEach((family, list) -> {
            String key = "panels." + family;
            try {
                c.that(Fingerprint.familyOf(family + ".x").equals(family), key, "'" + family
                        + "' is not a metric family (lower-case letters, digits, '_' or '-': lighthouse, rag, edge, ...)");
            } catch (PerfguardException e) {
                c.that(false, key, "'" + family + "' is not a metric family (lower-case letters, digits, '_' or '-': "
                        + "lighthouse, rag, edge, ...)");
            }
            c.that(list != null && !list.isEmpty(), key, "must list at least one panel ({title, url})");
            for (int i = 0; i < list.size(); i++) {
                PerfguardConfig.Panel p = list.get(i);
                String at = key + "[" + i + "]";
                c.that(p != null && p.title() != null && !p.title().isBlank(), at + ".title", "is required");
                c.that(p.url() != null && !p.url().isBlank(), at + ".url", "is required");
                try {
                    new PanelLink(p.title(), new URI(p.url().strip()));
                } catch (URISyntaxException | PerfguardException e) {
                    c.that(false, at + ".url", "'" + p.url() + "' is not an absolute http(s) URL");
                }
            }
        });
    }

    /** The configured panels as the domain's catalog. */
    public static PanelCatalog catalog(Map<String, List<PerfguardConfig.Panel>> panels) {
        Map<String, List<PanelLink>> out = new LinkedHashMap<>();
        panels.forEach((family, list) -> {
            List<PanelLink> links = new ArrayList<>();
            list.forEach(p -> links.add(new PanelLink(p.title().strip(), URI.create(p.url().strip()))));
            out.put(family, links);
        });
        return new PanelCatalog(out);
    }
}
