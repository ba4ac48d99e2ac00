package dev.perfguard.app.server;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the incident service from the configuration: the closing gate and the ownership rules. */
public final class Wiring {
    private Wiring() {}

    /** The incident service with each change's outbox rows routed by {@code routing} (the configured channels). */
    public static IncidentService incidentService(Store store, PerfguardConfig config, Clock clock,
            dev.perfguard.runbook.notify.OutboxRouting routing) {
        return new IncidentService(store, settings(config), clock, routing);
    }

    static IncidentService.Settings settings(PerfguardConfig config) {
        List<OwnershipRules.Rule> rules = new ArrayList<>();
        for (Map.Entry<String, PerfguardConfig.Squad> e : new TreeMap<>(config.squads()).entrySet()) {
            for (String pattern : e.getValue().owns()) {
                rules.add(new OwnershipRules.Rule(e.getKey(), pattern));
            }
        }
        return new IncidentService.Settings(new ClosingGate(config.closeAfterWindows(), config.reportingWindow()),
                OwnershipRules.of(rules), IncidentService.Settings.DEFAULT_MAX_ARTEFACT_BYTES);
    }
}
