package dev.perfguard.runbook.telemetry;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.TelemetrySource;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One step of the telemetry watch, for {@code perfguard serve}'s scheduler to call (the scheduler
 * itself, and handing breaches to the incident service, belong to the server): every closed window
 * within {@code horizon} before {@code now} that has no stored result is claimed, evaluated and
 * recorded, oldest first. Several replicas sharing one PostgreSQL store each call {@link #tick};
 * the claims make every window evaluated by exactly one of them. After downtime the next tick
 * catches up on the windows missed, back to the horizon.
 *
 * <p>Every verdict is recorded, {@code error} and {@code no-data} included: a window is judged
 * once. A claim left by a replica that died is taken over once its lease has passed.
 */
public final class TelemetryWatch {
    private final List<Expectation> expectations;
    private final Duration windowLength;
    private final Duration horizon;
    private final Evaluator evaluator;
    private final WindowResultStore store;
    private final String owner;
    private final Duration lease;

    public TelemetryWatch(List<Expectation> expectations, Duration windowLength, Duration horizon, TelemetrySource source,
            WindowResultStore store, String owner, Duration lease) {
        this.expectations = List.copyOf(expectations);
        this.windowLength = Objects.requireNonNull(windowLength, "windowLength");
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        if (horizon.compareTo(windowLength) < 0) {
            throw PerfguardException.badInput("the catch-up horizon " + horizon + " is shorter than one window " + windowLength);
        }
        this.evaluator = new Evaluator(source);
        this.store = Objects.requireNonNull(store, "store");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.lease = Objects.requireNonNull(lease, "lease");
        expectations.forEach(e -> Evaluator.checkFits(e, windowLength));
    }

    /** Evaluates what is due at {@code now}; returns the results this caller recorded, by window then expectation order. */
    public List<WindowResult> tick(Instant now) {
        Instant to = Window.lastClosed(now, windowLength).end();
        Map<String, Expectation> byName = new LinkedHashMap<>();
        expectations.forEach(e -> byName.put(e.name(), e));
        Map<String, List<Instant>> missed = store.catchUp(byName.keySet(), now.minus(horizon), to, windowLength);
        TreeMap<Instant, List<Expectation>> due = new TreeMap<>();
        missed.forEach((name, starts) -> starts.forEach(s -> due.computeIfAbsent(s, k -> new ArrayList<>()).add(byName.get(name))));
        List<WindowResult> recorded = new ArrayList<>();
        due.forEach((start, xs) -> {
            Window w = new Window(start, windowLength);
            for (Expectation e : xs) {
                if (store.claim(e.name(), w, owner, now, lease)) {
                    WindowResult r = evaluator.evaluate(e, w);
                    try {
                        store.complete(r, owner, now);
                        recorded.add(r);
                    } catch (PerfguardException lost) {
                        if (lost.code() != ErrorCode.CONFLICT) {
                            throw lost;
                        }
                        // the lease passed while evaluating and another replica took the window over: its result stands
                    }
                }
            }
        });
        return List.copyOf(recorded);
    }
}
