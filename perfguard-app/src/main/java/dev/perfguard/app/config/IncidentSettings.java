package dev.perfguard.app.config;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.runbook.incident.IncidentService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The incident service's settings from the configuration: the closing gate and the squads' ownership rules. */
public final class IncidentSettings {
    private IncidentSettings() {}

    public static IncidentService.Settings of(PerfguardConfig config) {
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
