package dev.perfguard.signals.loadtest;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DebugRunTest {
    @Test
    void debug() throws Exception {
        try (DelayTarget target = DelayTarget.start(k -> 0)) {
            String yaml = "target: " + target.url() + "\nrequests:\n  - path: /search\nmax_requests: 100000\ntimeout: 5s\nstages:\n"
                    + "  - {executor: constant-arrival-rate, rate: " + System.getProperty("rate", "100") + ", duration: 5s, max_in_flight: 500}\n";
            Scenario s = ScenarioReader.parse("t.yaml", yaml, Path.of("."), "t");
            LoadTestRun run = LoadGenerator.run(s, null, p -> System.out.println(p));
            System.out.println(run.summary());
            System.out.println("late p50 " + run.schedulingError().getValueAtPercentile(50) + " p99 " + run.schedulingError().getValueAtPercentile(99) + " max " + run.schedulingError().getMaxValue());
            System.out.println(run.sentPerSecond());
            System.out.println(run.series());
        }
    }
}
