package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard panels of each metric family ({@code lighthouse}: Web Vitals, {@code rag}: RAG Retrieval Quality,
 * {@code edge}: Edge Latency, ...), from configuration. Every discrepancy of a family links to its family's panels,
 * pinned to the evidence's time range, beside the panels its source named itself.
 */
public record PanelCatalog(Map<String, List<PanelLink>> byFamily) {
    public PanelCatalog {
        Map<String, List<PanelLink>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(byFamily, "byFamily").forEach((family, panels) -> copy.put(family, List.copyOf(panels)));
        byFamily = Map.copyOf(copy);
    }

    public static PanelCatalog none() {
        return new PanelCatalog(Map.of());
    }

    /** {@code discrepancies}, each with its family's panels showing {@code from} to {@code to} added (a URL once). */
    public List<Discrepancy> linked(List<Discrepancy> discrepancies, Instant from, Instant to) {
        if (byFamily.isEmpty()) {
            return discrepancies;
        }
        List<Discrepancy> out = new ArrayList<>(discrepancies.size());
        for (Discrepancy d : discrepancies) {
            List<PanelLink> panels = new ArrayList<>(d.panels());
            for (PanelLink p : byFamily.getOrDefault(d.metricFamily(), List.of())) {
                PanelLink pinned = p.pinned(from, to);
                if (panels.stream().noneMatch(q -> q.url().equals(pinned.url()))) {
                    panels.add(pinned);
                }
            }
            out.add(new Discrepancy(d.metric(), d.evidence(), panels, d.detectedAt()));
        }
        return out;
    }
}
