package dev.perfguard.app.web;

import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.BuildSummary;
import dev.perfguard.runbook.builds.MetricHistory;
import dev.perfguard.runbook.ci.CiBuildSummary;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.incident.IncidentService;
import java.util.List;
import java.util.Optional;

/** What the build compare, build list and metric explorer pages show, read once per request. */
final class Views {
    private Views() {}

    /** The recent builds per branch and the form that picks two of them. */
    record BuildList(Chrome chrome, List<Branch> branches, List<BuildSummary> recent, Optional<String> base,
            Optional<String> build, int limit, List<IngestedBranch> ingestedBranches, List<CiBuildSummary> ingestedRecent,
            Optional<String> ingestedBase, Optional<String> ingestedBuild) {}

    record Branch(String name, List<BuildSummary> builds) {}

    /** A branch's builds stored by {@code perfguard ingest}. */
    record IngestedBranch(String name, List<CiBuildSummary> builds) {}

    /** Two ingested builds metric by metric, as {@code perfguard ingest} judges them, and the history's regressions. */
    record IngestedCompare(Chrome chrome, CiCheck.Outcome outcome, String verdict, List<IngestedRow> rows, List<String> alerts) {}

    /** One ingested metric compared: its series (linked to the explorer), the medians, the change, the verdict, the p-value. */
    record IngestedRow(String series, String href, String status, String base, String build, double change, String arrowWords,
            String relative, String pValue, String reason) {}

    /** Two stored builds side by side, group by group, with each metric's history over the build's branch. */
    record Compare(Chrome chrome, BuildCheck.Comparison comparison, List<Group> groups, List<String> alerts) {}

    /** One (URL, form factor) group: its comparison row per metric and its metrics' histories. */
    record Group(GroupResult result, List<Row> rows, List<History> histories) {
        String title() {
            return result.url() + " \u00b7 " + result.formFactor();
        }
    }

    /** One metric compared: the medians, the change with its arrow, the verdict and the p-value. */
    record Row(MetricResult m, String name, String base, String build, String delta, String pValue) {
        double change() {
            return Double.isFinite(m.delta()) ? m.delta() : 0;
        }

        /** The arrow's words, worse or better in the metric's own direction. */
        String arrowWords() {
            if (!Double.isFinite(m.delta()) || m.delta() == 0) {
                return "unchanged";
            }
            boolean worse = Math.signum(m.delta()) == m.metric().direction().worseSign();
            return (m.delta() > 0 ? "up" : "down") + (worse ? ", worse" : ", better");
        }
    }

    /** One metric's history over the branch: where its chart fetches it and what its table says. */
    record History(MetricHistory history, String name, String seriesPath, int builds, Optional<ChangePoint> changePoint,
            String firstBad, String lastGood, String before, String after, String confidence) {}

    /** The explorer: every stored series to pick from, and the picked one with its change points. */
    record Explorer(Chrome chrome, List<BuildSeriesRow> builds, List<IngestedSeriesRow> ingested,
            List<IncidentService.WindowSeries> windows, Optional<Picked> picked, int limit) {}

    /** An ingested series of a branch: how many builds hold it, the newest one's time, and the explorer's link to it. */
    record IngestedSeriesRow(String branch, String series, String unit, int builds, String latest, String href) {}

    /** A branch's group of its newest build, with a link per metric. */
    record BuildSeriesRow(String branch, String latestBuild, String url, String formFactor, List<Link> metrics) {}

    record Link(String text, String href) {}

    /**
     * The series picked in the explorer.
     *
     * @param describe what it is, in words
     * @param seriesPath where its chart fetches it
     * @param changes its change points, oldest first
     * @param points its newest points, newest first (at most {@link SeriesPages#TABLE_ROWS})
     */
    record Picked(String describe, String seriesPath, Series series, List<Change> changes, List<Point> points, String range) {}

    /** A change point in words. */
    record Change(String at, String before, String after, String kind, String change, String confidence, String pValue) {}

    record Point(String at, String value, String outcome) {}

    /** The explorer's link to a stored window series. */
    static String href(IncidentService.WindowSeries w) {
        return "/explorer?service=" + WebUi.enc(w.service()) + "&metric=" + WebUi.enc(w.metric());
    }
}
