package dev.perfguard.runbook.notify;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One outbound notification about an incident, as the outbox stores it. Each kind carries exactly the
 * values its channels render, copied from the incident domain when the message is enqueued (see
 * {@link Messages}), so a message delivered hours later says what was true when it was written.
 * {@link MessageCodec} turns a message into the outbox's payload JSON and back.
 */
public sealed interface Message {

    /** The incident this message is about, e.g. {@code INC-7}. */
    String incidentId();

    /** A stable name of the kind: {@code incident-opened}, {@code acknowledged}, ... */
    default String kind() {
        return switch (this) {
            case IncidentOpened m -> IncidentOpened.KIND;
            case Acknowledged m -> "acknowledged";
            case Milestone m -> "milestone";
            case MitigationDecided m -> "mitigation-decided";
            case LoadTestSlotRequested m -> "load-test-slot-requested";
            case DevOpsDmNeeded m -> "devops-dm-needed";
            case ArtefactAdded m -> "artefact-added";
            case Closed m -> "closed";
        };
    }

    /**
     * The incident's web page, {@code <server.public_url>/incidents/<id>}, when perfguard was configured with its
     * public URL as the message was built; every channel links to it. Stored with the message, so a message
     * delivered later links where it did when written; payloads stored without it read as empty.
     */
    Optional<URI> incidentPage();

    /** This message linking to {@code page} (see {@link #incidentPage}). */
    default Message withIncidentPage(URI page) {
        Optional<URI> p = Optional.of(page);
        return switch (this) {
            case IncidentOpened m -> new IncidentOpened(m.incidentId(), m.service(), m.fingerprint(), m.openedAt(),
                    m.metrics(), m.panels(), m.hypotheses(), m.deployNotes(), m.squad(), p);
            case Acknowledged m -> new Acknowledged(m.incidentId(), m.by(), m.at(), p);
            case Milestone m -> new Milestone(m.incidentId(), m.seq(), m.who(), m.at(), m.what(), p);
            case MitigationDecided m -> new MitigationDecided(m.incidentId(), m.branch(), m.containment(), m.tasks(),
                    m.devopsDmNeeded(), m.decidedBy(), m.at(), p);
            case LoadTestSlotRequested m -> new LoadTestSlotRequested(m.incidentId(), m.number(), m.scenarios(),
                    m.concurrency(), m.dataRefresh(), m.start(), m.requestedBy(), p);
            case DevOpsDmNeeded m -> new DevOpsDmNeeded(m.incidentId(), m.branch(), m.containment(), m.tasks(),
                    m.decidedBy(), m.decidedAt(), p);
            case ArtefactAdded m -> new ArtefactAdded(m.incidentId(), m.name(), m.sha256(), m.sizeBytes(), p);
            case Closed m -> new Closed(m.incidentId(), m.closedBy(), m.at(), m.basis(), m.rootCause(), m.remediation(),
                    m.followUps(), p);
        };
    }

    /** A triggering metric as the ticket's metrics table shows it. {@code delta} is {@code after - before}. */
    record MetricRow(String metric, String source, double before, double after, String unit,
            List<String> failingQueryIds) {
        public MetricRow {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(unit, "unit");
            failingQueryIds = List.copyOf(failingQueryIds);
        }

        public double delta() {
            return after - before;
        }
    }

    /** A link with a title: a dashboard panel, the ticket. */
    record Link(String title, URI url) {
        public Link {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(url, "url");
        }
    }

    /** A hypothesis with its owning squad ({@code unowned} when none) and the flag states as {@code flag=state}. */
    record HypothesisRow(int number, String rootCause, String squad, List<String> flags) {
        public HypothesisRow {
            Objects.requireNonNull(rootCause, "rootCause");
            Objects.requireNonNull(squad, "squad");
            flags = List.copyOf(flags);
        }
    }

    /** A follow-up task to file as a linked issue on close. */
    record FollowUpRow(int number, String kind, String title, String squad) {
        public FollowUpRow {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(squad, "squad");
        }
    }

    /** Runbook steps 1 and 2: open the ticket, page, alert the channel, annotate the dashboards. */
    record IncidentOpened(String incidentId, String service, String fingerprint, Instant openedAt,
            List<MetricRow> metrics, List<Link> panels, List<HypothesisRow> hypotheses, List<String> deployNotes,
            String squad, Optional<URI> incidentPage) implements Message {
        static final String KIND = "incident-opened";

        public IncidentOpened {
            MessageIds.require(incidentId);
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(openedAt, "openedAt");
            metrics = List.copyOf(metrics);
            panels = List.copyOf(panels);
            hypotheses = List.copyOf(hypotheses);
            deployNotes = List.copyOf(deployNotes);
            Objects.requireNonNull(squad, "squad");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public IncidentOpened(String incidentId, String service, String fingerprint, Instant openedAt,
                List<MetricRow> metrics, List<Link> panels, List<HypothesisRow> hypotheses, List<String> deployNotes,
                String squad) {
            this(incidentId, service, fingerprint, openedAt, metrics, panels, hypotheses, deployNotes, squad, Optional.empty());
        }

        /** The one-line summary used as the Jira summary, the PagerDuty summary and the Slack fallback. */
        public String summary() {
            StringBuilder s = new StringBuilder("Performance regression ").append(incidentId).append(": ");
            for (int i = 0; i < metrics.size(); i++) {
                if (i > 0) {
                    s.append(", ");
                }
                s.append(metrics.get(i).metric());
            }
            s.append(" on ").append(service);
            return s.length() <= 250 ? s.toString() : s.substring(0, 249) + "…";
        }
    }

    /** Someone took the incident (the first move to investigating). */
    record Acknowledged(String incidentId, String by, Instant at, Optional<URI> incidentPage) implements Message {
        public Acknowledged {
            MessageIds.require(incidentId);
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public Acknowledged(String incidentId, String by, Instant at) {
            this(incidentId, by, at, Optional.empty());
        }
    }

    /** A timeline milestone worth a ticket comment (transition, hypothesis, load-test finding, ...). */
    record Milestone(String incidentId, long seq, String who, Instant at, String what, Optional<URI> incidentPage)
            implements Message {
        public Milestone {
            MessageIds.require(incidentId);
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public Milestone(String incidentId, long seq, String who, Instant at, String what) {
            this(incidentId, seq, who, at, what, Optional.empty());
        }
    }

    /** The mitigation decision (runbook step 4) with its tasks as text. */
    record MitigationDecided(String incidentId, String branch, Optional<String> containment, List<String> tasks,
            boolean devopsDmNeeded, String decidedBy, Instant at, Optional<URI> incidentPage) implements Message {
        public MitigationDecided {
            MessageIds.require(incidentId);
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(containment, "containment");
            tasks = List.copyOf(tasks);
            Objects.requireNonNull(decidedBy, "decidedBy");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public MitigationDecided(String incidentId, String branch, Optional<String> containment, List<String> tasks,
                boolean devopsDmNeeded, String decidedBy, Instant at) {
            this(incidentId, branch, containment, tasks, devopsDmNeeded, decidedBy, at, Optional.empty());
        }
    }

    /** A load-test slot request for DevOps (runbook step 3). */
    record LoadTestSlotRequested(String incidentId, int number, List<String> scenarios, int concurrency,
            String dataRefresh, Instant start, String requestedBy, Optional<URI> incidentPage) implements Message {
        public LoadTestSlotRequested {
            MessageIds.require(incidentId);
            scenarios = List.copyOf(scenarios);
            Objects.requireNonNull(dataRefresh, "dataRefresh");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(requestedBy, "requestedBy");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public LoadTestSlotRequested(String incidentId, int number, List<String> scenarios, int concurrency,
                String dataRefresh, Instant start, String requestedBy) {
            this(incidentId, number, scenarios, concurrency, dataRefresh, start, requestedBy, Optional.empty());
        }
    }

    /** The decision needs infrastructure support or a flag toggle: DM the DevOps on-call. */
    record DevOpsDmNeeded(String incidentId, String branch, Optional<String> containment, List<String> tasks,
            String decidedBy, Instant decidedAt, Optional<URI> incidentPage) implements Message {
        public DevOpsDmNeeded {
            MessageIds.require(incidentId);
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(containment, "containment");
            tasks = List.copyOf(tasks);
            Objects.requireNonNull(decidedBy, "decidedBy");
            Objects.requireNonNull(decidedAt, "decidedAt");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public DevOpsDmNeeded(String incidentId, String branch, Optional<String> containment, List<String> tasks,
                String decidedBy, Instant decidedAt) {
            this(incidentId, branch, containment, tasks, decidedBy, decidedAt, Optional.empty());
        }
    }

    /** An artefact to attach to the ticket; the bytes are read from an {@link ArtefactSource} at delivery. */
    record ArtefactAdded(String incidentId, String name, String sha256, long sizeBytes, Optional<URI> incidentPage)
            implements Message {
        public ArtefactAdded {
            MessageIds.require(incidentId);
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public ArtefactAdded(String incidentId, String name, String sha256, long sizeBytes) {
            this(incidentId, name, sha256, sizeBytes, Optional.empty());
        }
    }

    /** The incident closed: resolve the page, resolve the ticket, file follow-ups, annotate. */
    record Closed(String incidentId, String closedBy, Instant at, String basis, String rootCause, String remediation,
            List<FollowUpRow> followUps, Optional<URI> incidentPage) implements Message {
        public Closed {
            MessageIds.require(incidentId);
            Objects.requireNonNull(closedBy, "closedBy");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(rootCause, "rootCause");
            Objects.requireNonNull(remediation, "remediation");
            followUps = List.copyOf(followUps);
            Objects.requireNonNull(incidentPage, "incidentPage");
        }

        public Closed(String incidentId, String closedBy, Instant at, String basis, String rootCause, String remediation,
                List<FollowUpRow> followUps) {
            this(incidentId, closedBy, at, basis, rootCause, remediation, followUps, Optional.empty());
        }
    }
}
