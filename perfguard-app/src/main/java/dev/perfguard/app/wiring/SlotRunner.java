package dev.perfguard.app.wiring;

import dev.perfguard.app.slot.SlotRun;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestRequest;
import dev.perfguard.core.incident.LoadTestState;
import dev.perfguard.runbook.incident.IncidentPage;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.IncidentSummary;
import dev.perfguard.signals.loadtest.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code perfguard serve}'s load-test slot runner: every {@code poll} it runs each confirmed slot whose start has
 * come, as {@code perfguard incident load-test run} does, through the incident service. A slot runs once: before
 * the load starts, {@code loadtest-N-started.txt} is attached, and a slot carrying it is never started again, across
 * restarts too (a run cut short leaves the slot confirmed for a person: {@code incident load-test run --again}).
 * A failed run is logged and attached as {@code loadtest-N-error.txt}; it never ends the server.
 */
final class SlotRunner implements AutoCloseable {
    static final String WHO = "perfguard-serve";

    private final IncidentService incidents;
    private final Scenario scenario;
    private final Optional<SlotRun.Retrieval> retrieval;
    private final Duration poll;
    private final Clock clock;
    private final PrintWriter log;
    private volatile boolean stopped;
    private volatile Thread thread;

    SlotRunner(IncidentService incidents, Scenario scenario, Optional<SlotRun.Retrieval> retrieval, Duration poll, Clock clock,
            PrintWriter log) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.retrieval = Objects.requireNonNull(retrieval, "retrieval");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    static String marker(int number) {
        return SlotRun.prefix(number, 1) + "started.txt";
    }

    SlotRunner start() {
        thread = Thread.ofVirtual().name("load-test-slots").start(this::run);
        return this;
    }

    private void run() {
        while (!stopped) {
            try {
                tick();
            } catch (RuntimeException e) {
                say("load-test slots: the pass failed: " + e.getMessage());
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    /** One pass: each open incident's due confirmed slots, in incident then slot order. */
    void tick() {
        int offset = 0;
        while (!stopped) {
            IncidentPage page = incidents.list(Optional.empty(), offset, 100);
            for (IncidentSummary s : page.items()) {
                if (s.state() != IncidentState.CLOSED) {
                    due(s.id());
                }
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return;
            }
        }
    }

    private void due(String id) {
        Incident incident = incidents.get(id).incident();
        Instant now = clock.instant();
        for (LoadTestRequest t : incident.loadTests()) {
            if (stopped || t.state() != LoadTestState.CONFIRMED || now.isBefore(t.plan().start())
                    || incident.artefacts().stream().map(ArtefactRef::name).anyMatch(marker(t.number())::equals)) {
                continue;
            }
            runSlot(id, t.number());
        }
    }

    private void runSlot(String id, int number) {
        incidents.addArtefact(id, marker(number), ("started " + clock.instant() + " by perfguard serve\n")
                .getBytes(StandardCharsets.UTF_8), WHO);
        say("load test " + number + " of " + id + ": its start has come, running " + scenario.name());
        Path work = null;
        try {
            work = Files.createTempDirectory("perfguard-slot-");
            SlotRun.Outcome o = SlotRun.run(number, 1, scenario, retrieval, work, log);
            for (Map.Entry<String, byte[]> a : o.artefacts().entrySet()) {
                incidents.addArtefact(id, a.getKey(), a.getValue(), WHO);
            }
            if (o.verdict().isPresent()) {
                incidents.completeLoadTest(id, number, o.verdict().get(), o.summary(), o.recollected(), WHO);
                say("load test " + number + " of " + id + " completed: " + o.verdict().get().wireName());
            } else {
                say("load test " + number + " of " + id + " ran; left confirmed (no loadtest.queries/qrels, so no re-collected metrics)");
            }
        } catch (IOException | RuntimeException e) {
            say("load test " + number + " of " + id + " failed: " + e.getMessage());
            try {
                incidents.addArtefact(id, "loadtest-" + number + "-error.txt", (clock.instant() + " " + e + "\n")
                        .getBytes(StandardCharsets.UTF_8), WHO);
            } catch (RuntimeException again) {
                say("load test " + number + " of " + id + ": cannot attach the error: " + again.getMessage());
            }
        } finally {
            delete(work);
        }
    }

    private static void delete(Path work) {
        if (work == null) {
            return;
        }
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail the slot
        }
    }

    private void say(String line) {
        synchronized (log) {
            log.println("perfguard serve: " + line);
            log.flush();
        }
    }

    /** Stops the loop; a slot mid-run is waited for a little (the generator ends with its scenario), then left. */
    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
