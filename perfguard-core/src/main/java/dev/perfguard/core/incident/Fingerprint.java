package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes two reports "the same problem": the service and the metric family.
 *
 * <p>The <em>metric family</em> is the part of a metric name before its first dot, lower-cased,
 * labels ignored: {@code lighthouse.lcp_ms{page=/}} and {@code lighthouse.cls} are both family
 * {@code lighthouse}; {@code rag.ndcg_cut_10{dataset=golden}} is family {@code rag}. So an LCP and a
 * TBT regression of one service in one build become one incident with two discrepancies.
 *
 * <p>The full rule is "service + metric family + open state": a report attaches to the incident
 * with the same fingerprint that is not closed. {@link #openKey} turns that into a value a store
 * can put under a unique index: the key while the incident is not closed, empty (SQL {@code NULL},
 * which unique indexes do not compare) once it is closed. Two racing reporters then cannot both
 * insert an open incident for one fingerprint, and any number of closed ones may share it.
 */
public record Fingerprint(String service, String metricFamily) {

    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final Pattern FAMILY = Pattern.compile("[a-z0-9_]{1,64}");

    public Fingerprint {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(metricFamily, "metricFamily");
        if (!SERVICE.matcher(service).matches()) {
            throw PerfguardException.badInput("service '" + service
                    + "' is invalid; expected 1-128 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!FAMILY.matcher(metricFamily).matches()) {
            throw PerfguardException.badInput("metric family '" + metricFamily
                    + "' is invalid; expected 1-64 lower-case letters, digits or '_'");
        }
    }

    /** The fingerprint of a report about {@code metric} (a full metric name) on {@code service}. */
    public static Fingerprint of(String service, String metric) {
        Objects.requireNonNull(service, "service");
        return new Fingerprint(service.strip().toLowerCase(Locale.ROOT), familyOf(metric));
    }

    /** The metric family of a metric name: the part before the first dot (or label brace), lower-cased. */
    public static String familyOf(String metric) {
        Objects.requireNonNull(metric, "metric");
        String name = Metrics.baseName(metric);
        int dot = name.indexOf('.');
        String family = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
        if (!FAMILY.matcher(family).matches()) {
            throw PerfguardException.badInput("metric '" + metric
                    + "' has no valid family; expected a name like lighthouse.lcp_ms or rag.ndcg_cut_10");
        }
        return family;
    }

    /** The stable text form, {@code service/family}, e.g. {@code theo-engine-web/lighthouse}. */
    public String key() {
        return service + "/" + metricFamily;
    }

    /** {@link #key()} while an incident in {@code state} is open, empty once it is closed. */
    public Optional<String> openKey(IncidentState state) {
        Objects.requireNonNull(state, "state");
        return state == IncidentState.CLOSED ? Optional.empty() : Optional.of(key());
    }

    /** Whether a report with this fingerprint attaches to {@code incident} (same key, not closed). */
    public boolean attachesTo(Incident incident) {
        return incident.fingerprint().equals(this) && incident.state() != IncidentState.CLOSED;
    }

    @Override
    public String toString() {
        return key();
    }
}
