package dev.perfguard.core.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which squad owns a metric, from glob rules in configuration ({@code squads: web-perf: { owns:
 * ["lighthouse.*"] }}).
 *
 * <p><b>Matching.</b> A pattern is matched against the whole metric name without its {@code {labels}}
 * part. {@code *} matches any run of characters, including none and including dots; every other
 * character matches itself (case-sensitive). So {@code lighthouse.*} matches {@code lighthouse.lcp_ms}
 * but not {@code lighthouse} alone, and {@code *} matches everything.
 *
 * <p><b>Most specific wins.</b> When several patterns match, the winner is the one with (1) the most
 * literal (non-{@code *}) characters, then (2) the fewest {@code *}, then (3) the one declared
 * first. An exact name therefore beats any glob it also matches; {@code lighthouse.lcp*} beats
 * {@code lighthouse.*}; {@code *} loses to everything. The same pattern given to two squads is a
 * configuration error, refused when the rules are built.
 *
 * <p><b>Override.</b> A person may name the owning squad explicitly ({@link #resolve(Collection,
 * Optional)}); the override wins over every rule and is recorded as such.
 */
public final class OwnershipRules {

    /** One rule: {@code squad} owns the metrics matching {@code pattern}. */
    public record Rule(String squad, String pattern) {
        public Rule {
            Checks.name(squad, "squad");
            Checks.name(pattern, "ownership pattern");
            if (pattern.contains("{") || pattern.chars().anyMatch(Character::isWhitespace)) {
                throw new PerfguardException(ErrorCode.CONFIG, "ownership pattern '" + pattern
                        + "' of squad " + squad + " is invalid; expected a metric name glob like lighthouse.* without labels or spaces");
            }
        }

        int literals() {
            return (int) pattern.chars().filter(c -> c != '*').count();
        }

        int wildcards() {
            return pattern.length() - literals();
        }
    }

    private record Compiled(Rule rule, Pattern regex, int order) {}

    private final List<Compiled> rules;

    private OwnershipRules(List<Compiled> rules) {
        this.rules = rules;
    }

    /** Builds the rules in declaration order; a pattern owned by two squads is a {@code CONFIG} error. */
    public static OwnershipRules of(List<Rule> rules) {
        Objects.requireNonNull(rules, "rules");
        Map<String, String> ownerByPattern = new HashMap<>();
        List<Compiled> compiled = new ArrayList<>();
        for (Rule rule : rules) {
            Objects.requireNonNull(rule, "rule");
            String previous = ownerByPattern.putIfAbsent(rule.pattern(), rule.squad());
            if (previous != null && !previous.equals(rule.squad())) {
                throw new PerfguardException(ErrorCode.CONFIG, "ownership pattern '" + rule.pattern()
                        + "' is claimed by both " + previous + " and " + rule.squad() + "; give it to one squad");
            }
            compiled.add(new Compiled(rule, toRegex(rule.pattern()), compiled.size()));
        }
        return new OwnershipRules(List.copyOf(compiled));
    }

    public static OwnershipRules none() {
        return new OwnershipRules(List.of());
    }

    /** The rules, in declaration order. */
    public List<Rule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    /** The owner of one metric by the rules, or {@link SquadAssignment#unowned()}. */
    public SquadAssignment resolve(String metric) {
        return best(List.of(metric)).map(c -> SquadAssignment.byRule(c.rule().squad(), c.rule().pattern()))
                .orElseGet(SquadAssignment::unowned);
    }

    /**
     * The owner of an incident's triggering metrics: the override when given, else the most specific
     * rule matching any of {@code metrics} (same ordering as for one metric), else unowned.
     */
    public SquadAssignment resolve(Collection<String> metrics, Optional<String> override) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(override, "override");
        if (override.isPresent()) {
            return SquadAssignment.overridden(override.get());
        }
        return best(metrics).map(c -> SquadAssignment.byRule(c.rule().squad(), c.rule().pattern()))
                .orElseGet(SquadAssignment::unowned);
    }

    private Optional<Compiled> best(Collection<String> metrics) {
        Compiled best = null;
        for (String metric : metrics) {
            String name = Metrics.baseName(Metrics.requireName(metric, "metric"));
            for (Compiled c : rules) {
                if (c.regex().matcher(name).matches() && (best == null || moreSpecific(c, best))) {
                    best = c;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean moreSpecific(Compiled a, Compiled b) {
        if (a.rule().literals() != b.rule().literals()) {
            return a.rule().literals() > b.rule().literals();
        }
        if (a.rule().wildcards() != b.rule().wildcards()) {
            return a.rule().wildcards() < b.rule().wildcards();
        }
        return a.order() < b.order();
    }

    private static Pattern toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*') {
                if (i > start) {
                    regex.append(Pattern.quote(glob.substring(start, i)));
                }
                regex.append(".*");
                start = i + 1;
            }
        }
        if (start < glob.length()) {
            regex.append(Pattern.quote(glob.substring(start)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
