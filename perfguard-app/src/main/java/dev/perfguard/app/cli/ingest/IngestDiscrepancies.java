package dev.perfguard.app.cli.ingest;

import dev.perfguard.core.ci.CiResult;
import dev.perfguard.core.ci.CiStatus;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.runbook.ci.CiFinding;
import dev.perfguard.runbook.ci.CiCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The regressions of an ingest as discrepancies, named by their series ({@code jmh.a.B.read{mode=avgt}}: the family
 * before the first dot picks the incident). Their evidence is a lab delta: baseline and current medians, the unit,
 * this build's sample count and the rank test's p-value when one was computed; a regression found only in the
 * history carries the medians of the levels before and after its change point.
 */
final class IngestDiscrepancies {
    private IngestDiscrepancies() {}

    static List<Discrepancy> of(CiCheck.Outcome o, Instant now) {
        List<Discrepancy> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CiResult r : o.results()) {
            if (r.status() == CiStatus.REGRESSION) {
                seen.add(r.metric().series());
                out.add(new Discrepancy(r.metric().series(), new Evidence.LighthouseDelta(r.baseline(), r.current(), r.metric().unit(),
                        r.metric().samples().size(), r.pValue().isPresent() ? Optional.of(r.pValue().getAsDouble()) : Optional.empty()),
                        List.of(), now));
            }
        }
        for (CiFinding f : o.findings()) {
            if (seen.add(f.metric().series())) {
                out.add(new Discrepancy(f.metric().series(), new Evidence.LighthouseDelta(f.changePoint().before().median(),
                        f.changePoint().after().median(), f.metric().unit(), Math.max(1, f.changePoint().after().count()),
                        Optional.of(Math.min(1, Math.max(0, f.changePoint().pValue())))), List.of(), now));
            }
        }
        return out;
    }
}
