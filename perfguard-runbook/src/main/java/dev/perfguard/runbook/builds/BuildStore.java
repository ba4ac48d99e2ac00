package dev.perfguard.runbook.builds;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.runbook.store.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds and their Lighthouse runs in the store. Storing is idempotent and additive: the same
 * build stored twice keeps one copy of each run (runs are keyed by content hash), and runs stored
 * later are added to the ones already there. Each call is one transaction.
 */
public final class BuildStore {
    private final Store store;

    public BuildStore(Store store) {
        this.store = store;
    }

    /**
     * Stores the build (if new) and its runs (those not stored yet); returns the stored build. A build of no
     * runs is refused ({@code BAD_INPUT}): it would look like a build that was checked.
     */
    public Build store(String id, String branch, Optional<String> commit, List<StoredRun> runs, long nowMs) {
        if (runs.isEmpty()) {
            throw PerfguardException.badInput("build " + id + ": no Lighthouse runs given; nothing stored");
        }
        return store.inTransaction(h -> {
            BuildSql.insertIfAbsent(h, id, branch, commit, nowMs);
            Build stored = BuildSql.find(h, id).orElseThrow();
            if (!stored.branch().equals(branch)) {
                throw new PerfguardException(ErrorCode.CONFLICT, "build " + id + " is already stored on branch "
                        + stored.branch() + ", not " + branch);
            }
            if (commit.isPresent() && stored.commit().isPresent() && !stored.commit().equals(commit)) {
                throw new PerfguardException(ErrorCode.CONFLICT, "build " + id + " is already stored with commit "
                        + stored.commit().get() + ", not " + commit.get());
            }
            if (commit.isPresent() && stored.commit().isEmpty()) {
                BuildSql.setCommit(h, id, commit.get());
                stored = new Build(id, branch, commit, stored.createdMs());
            }
            BuildSql.insertRuns(h, id, runs);
            return stored;
        });
    }

    public Optional<Build> find(String id) {
        return store.inAutoCommit(h -> BuildSql.find(h, id));
    }

    /**
     * The latest build of {@code branch} with a run Lighthouse did not fail, other than {@code current}; when
     * {@code current} is on that branch too, the latest stored before it. A build without a usable run (stored
     * empty by an older version, or every run failed) is never a baseline.
     */
    public Optional<Build> latestBefore(String branch, Build current) {
        return store.inAutoCommit(h -> BuildSql.latestBefore(h, branch, current));
    }

    /** How many of the build's stored runs Lighthouse did not fail. */
    public long usableRuns(String buildId) {
        return store.inAutoCommit(h -> BuildSql.usableRuns(h, buildId));
    }

    /** Builds of a branch in storing order, oldest first, up to and including {@code upTo}. */
    public List<Build> history(String branch, Build upTo, int limit) {
        List<Build> out = new ArrayList<>(store.inAutoCommit(h -> BuildSql.newestUpTo(h, branch, upTo, limit)));
        Collections.reverse(out);
        return out;
    }

    /** The build's runs in the order they were read (by source name). */
    public List<LighthouseRun> runs(String buildId) {
        return store.inReadTransaction(h -> BuildSql.runs(h, buildId));
    }

    /** The runs of each of {@code buildIds}, read in one transaction (a branch history, say). */
    public Map<String, List<LighthouseRun>> runsOf(List<String> buildIds) {
        return store.inReadTransaction(h -> {
            Map<String, List<LighthouseRun>> out = new LinkedHashMap<>();
            for (String id : buildIds) {
                out.put(id, BuildSql.runs(h, id));
            }
            return out;
        });
    }

    /** Stored builds, newest first, optionally of one branch. */
    public List<BuildSummary> list(Optional<String> branch, int limit) {
        return store.inAutoCommit(h -> BuildSql.list(h, branch, limit));
    }

    /** At most {@code limit} names of branches with stored builds, in name order. */
    public List<String> branches(int limit) {
        return store.inAutoCommit(h -> BuildSql.branches(h, limit));
    }
}
