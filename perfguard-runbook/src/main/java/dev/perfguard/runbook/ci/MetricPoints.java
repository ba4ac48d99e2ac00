package dev.perfguard.runbook.ci;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.ci.CiMetric;
import dev.perfguard.runbook.store.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CI builds and their metric points in the store. Storing is idempotent: the same build ingested again with the
 * same values changes nothing; metrics new to a stored build are added; a metric stored with other values is a
 * {@code CONFLICT} and nothing of the call is stored.
 */
public final class MetricPoints {
    private final Store store;

    public MetricPoints(Store store) {
        this.store = store;
    }

    public CiBuild store(CiBuild build, List<CiMetric> metrics, long nowMs) {
        return store(build, Set.of(), metrics, nowMs);
    }

    /** Stores the build's metrics and adds {@code sources}, the kinds of file they were read from, to the build's. */
    public CiBuild store(CiBuild build, Set<String> sources, List<CiMetric> metrics, long nowMs) {
        if (metrics.isEmpty()) {
            throw PerfguardException.badInput("build " + build.id() + ": no metrics read; nothing stored");
        }
        return store.inTransaction(h -> {
            MetricPointSql.insertBuild(h, build, nowMs);
            CiBuild stored = MetricPointSql.find(h, build.id()).orElseThrow();
            if (!stored.branch().equals(build.branch())) {
                throw new PerfguardException(ErrorCode.CONFLICT, "build " + build.id() + " is already stored on branch "
                        + stored.branch() + ", not " + build.branch());
            }
            if (build.commit().isPresent() && stored.commit().isPresent() && !stored.commit().equals(build.commit())) {
                throw new PerfguardException(ErrorCode.CONFLICT, "build " + build.id() + " is already stored with commit "
                        + stored.commit().get() + ", not " + build.commit().get());
            }
            if (build.commit().isPresent() && stored.commit().isEmpty()) {
                MetricPointSql.setCommit(h, build.id(), build.commit().get());
                stored = new CiBuild(stored.id(), stored.branch(), build.commit(), stored.timeMs());
            }
            for (CiMetric m : metrics) {
                MetricPointSql.insertPoint(h, build.id(), m);
            }
            Map<String, CiMetric> now = MetricPointSql.points(h, build.id());
            for (CiMetric m : metrics) {
                if (!m.equals(now.get(m.series()))) {
                    throw new PerfguardException(ErrorCode.CONFLICT, "build " + build.id() + " already has metric " + m.series()
                            + " with other values; a build's metrics are not overwritten (ingest it as a new build)");
                }
            }
            MetricPointSql.addSources(h, build.id(), sources);
            return stored;
        });
    }

    /** At most {@code limit} stored builds, of one branch or all, newest first, with their metric counts and sources. */
    public List<CiBuildSummary> list(Optional<String> branch, int limit) {
        return store.inAutoCommit(h -> MetricPointSql.list(h, branch, limit));
    }

    /** At most {@code limit} names of branches with stored CI builds, in name order. */
    public List<String> branches(int limit) {
        return store.inAutoCommit(h -> MetricPointSql.branches(h, limit));
    }

    /** At most {@code limit} series per branch, in branch and series order. */
    public List<CiSeries> series(int limit) {
        return store.inAutoCommit(h -> MetricPointSql.series(h, limit));
    }

    /** The newest build of {@code branch} with metrics. */
    public Optional<CiBuild> newest(String branch) {
        return store.inAutoCommit(h -> MetricPointSql.newest(h, branch));
    }

    public Optional<CiBuild> find(String id) {
        return store.inAutoCommit(h -> MetricPointSql.find(h, id));
    }

    /** The latest build of {@code branch} with metrics other than {@code current}; before it when on that branch. */
    public Optional<CiBuild> latest(String branch, CiBuild current) {
        return store.inAutoCommit(h -> MetricPointSql.latest(h, branch, current));
    }

    public Map<String, CiMetric> points(String buildId) {
        return store.inAutoCommit(h -> MetricPointSql.points(h, buildId));
    }

    /** The builds of {@code upTo}'s branch up to and including it, oldest first, with their points, in one read. */
    public LinkedHashMap<CiBuild, Map<String, CiMetric>> history(CiBuild upTo, int limit) {
        return store.inReadTransaction(h -> {
            List<CiBuild> builds = new ArrayList<>(MetricPointSql.newestUpTo(h, upTo, limit));
            Collections.reverse(builds);
            LinkedHashMap<CiBuild, Map<String, CiMetric>> out = new LinkedHashMap<>();
            for (CiBuild b : builds) {
                out.put(b, MetricPointSql.points(h, b.id()));
            }
            return out;
        });
    }
}
