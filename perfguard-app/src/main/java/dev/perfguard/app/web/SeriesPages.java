package dev.perfguard.app.web;

import dev.perfguard.core.Direction;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.ci.CiResult;
import dev.perfguard.core.ci.CiStatus;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.core.lighthouse.MetricText;
import dev.perfguard.runbook.builds.Build;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.BuildSummary;
import dev.perfguard.runbook.builds.HistoryFinding;
import dev.perfguard.runbook.builds.MetricHistory;
import dev.perfguard.runbook.ci.CiBuild;
import dev.perfguard.runbook.ci.CiBuildSummary;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.ci.CiFinding;
import dev.perfguard.runbook.ci.CiHistory;
import dev.perfguard.runbook.incident.IncidentService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * The chart data and the pages built on stored series: an incident's triggering metrics over its reporting
 * windows, the build compare page with each metric's branch history, and the metric explorer. Each series is
 * judged by the project's change-point detector as {@code perfguard series changepoints} and the branch-history
 * check of {@code perfguard check} judge it.
 */
final class SeriesPages {
    /** Days before the incident opened that its charts start, unless the request says otherwise. */
    static final int INCIDENT_DAYS = 7;
    static final int EXPLORER_DAYS = 30;
    static final int MAX_DAYS = 366;
    static final int LIST_BUILDS = 100;
    static final int LIST_SERIES = 500;
    /** Rows of a series's values the explorer tabulates (newest first). */
    static final int TABLE_ROWS = 200;
    private static final String JSON = "application/json; charset=utf-8";

    private final IncidentService incidents;
    private final BuildStore builds;
    private final BuildCheck check;
    private final CiCheck ingested;
    private final Clock clock;

    SeriesPages(IncidentService incidents, BuildStore builds, BuildCheck check, CiCheck ingested, Clock clock) {
        this.incidents = incidents;
        this.builds = builds;
        this.check = check;
        this.ingested = ingested;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- JSON for the charts

    /** {@code GET /incidents/{id}/series?metric=M[&days=N]}: one triggering metric from N days before the incident opened. */
    void incidentSeries(Context ctx, String id) {
        String metric = required(ctx, "metric");
        int days = days(ctx, INCIDENT_DAYS);
        Incident i = incidents.get(id).incident();
        Discrepancy d = null;
        for (Discrepancy x : i.discrepancies()) {
            if (x.metric().equals(metric)) {
                d = x;
            }
        }
        if (d == null) {
            throw PerfguardException.badInput("query parameter metric: '" + clip(metric) + "' is not a triggering metric of "
                    + id + "; expected one of " + i.triggeringMetrics());
        }
        json(ctx, incidentSeries(i, d, days).json());
    }

    Series incidentSeries(Incident i, Discrepancy d, int days) {
        Instant now = clock.instant();
        Instant from = i.openedAt().minus(Duration.ofDays(days));
        Duration length = incidents.settings().gate().windowLength();
        List<IncidentService.WindowPoint> points = incidents.windowPoints(i.service(), d.metric(), from).stream()
                .filter(p -> !p.windowStart().isAfter(now)).toList();
        OptionalDouble limit = OptionalDouble.empty();
        OptionalDouble baseline = OptionalDouble.empty();
        switch (d.evidence()) {
            case Evidence.LighthouseDelta l -> baseline = OptionalDouble.of(l.baseline());
            case Evidence.RagEvalChange r -> baseline = OptionalDouble.of(r.before());
            case Evidence.TelemetryWindows t -> {
                limit = OptionalDouble.of(t.limit());
                if (points.isEmpty()) { // nothing recorded in the window table yet: the evidence's own windows
                    points = evidenceWindows(t, worseWay(d.evidence()));
                }
            }
        }
        return Series.ofWindows(d.metric(), points, length, worseWay(d.evidence()), limit, baseline, minEffect());
    }

    private static List<IncidentService.WindowPoint> evidenceWindows(Evidence.TelemetryWindows t, Direction direction) {
        List<IncidentService.WindowPoint> out = new ArrayList<>();
        for (Evidence.WindowValue w : t.values()) {
            boolean within = direction == Direction.LOWER_IS_BETTER ? w.value() <= t.limit() : w.value() >= t.limit();
            out.add(new IncidentService.WindowPoint(w.windowStart(), "", within
                    ? dev.perfguard.core.incident.MetricOutcome.WITHIN_TOLERANCE : dev.perfguard.core.incident.MetricOutcome.BREACH,
                    OptionalDouble.of(w.value())));
        }
        out.sort(Comparator.comparing(IncidentService.WindowPoint::windowStart));
        return out;
    }

    /** The way the evidence says the metric went wrong is its worse way. */
    static Direction worseWay(Evidence e) {
        return switch (e) {
            case Evidence.LighthouseDelta l -> l.delta() >= 0 ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
            case Evidence.RagEvalChange r -> r.delta() <= 0 ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
            case Evidence.TelemetryWindows t -> Fmt.worst(t) >= t.limit() ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
        };
    }

    /** {@code GET /builds/series?build=B&url=U&form=F&metric=M}: a metric's history over the build's branch up to it. */
    void buildSeries(Context ctx) {
        json(ctx, Series.ofBuilds(buildHistory(ctx)).json());
    }

    private MetricHistory buildHistory(Context ctx) {
        String build = required(ctx, "build");
        String url = required(ctx, "url");
        String form = required(ctx, "form");
        LighthouseMetric metric = metric(required(ctx, "metric"));
        return check.history(build, url, form, metric).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                "build " + clip(build) + " has no usable Lighthouse run of " + clip(url) + " [" + clip(form) + "]"));
    }

    /**
     * {@code GET /explorer/series?service=S&metric=M[&days=N]}: a stored window series over the last N days; {@code
     * ?branch=B&series=S}: an ingested series over branch B's CI builds up to its newest.
     */
    void windowSeries(Context ctx) {
        String branch = blank(ctx.queryParam("branch"));
        if (branch != null) {
            json(ctx, Series.ofIngested(ingestedHistory(branch, required(ctx, "series"))).json());
            return;
        }
        json(ctx, windowSeries(required(ctx, "service"), required(ctx, "metric"), days(ctx, EXPLORER_DAYS)).json());
    }

    private CiHistory ingestedHistory(String branch, String series) {
        CiBuild newest = ingested.points().newest(branch).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                "no ingested build of branch " + clip(branch) + " is stored"));
        return ingested.history(newest, series).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                "no ingested build of branch " + clip(branch) + " has the series " + clip(series)));
    }

    private Series windowSeries(String service, String metric, int days) {
        Instant now = clock.instant();
        List<IncidentService.WindowPoint> points = incidents.windowPoints(service, metric, now.minus(Duration.ofDays(days)))
                .stream().filter(p -> !p.windowStart().isAfter(now)).toList();
        if (points.isEmpty() && incidents.windowSeries(LIST_SERIES).stream()
                .noneMatch(s -> s.service().equals(service) && s.metric().equals(metric))) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "no reporting window of " + clip(metric) + " is stored for service "
                    + clip(service));
        }
        return Series.ofWindows(metric, points, incidents.settings().gate().windowLength(), Series.inferred(points),
                OptionalDouble.empty(), OptionalDouble.empty(), minEffect());
    }

    // ---------------------------------------------------------------- pages

    /** {@code GET /builds}: the recent builds per branch, and a form choosing two to compare. */
    void buildList(Context ctx, Viewer v) {
        String baselineBranch = check.policy().baselineBranch();
        List<BuildSummary> recent = builds.list(Optional.empty(), LIST_BUILDS);
        List<Views.Branch> branches = byBranch(recent, s -> s.build().branch()).entrySet().stream()
                .map(e -> new Views.Branch(e.getKey(), e.getValue())).toList();
        Optional<String> base = newestOf(recent, s -> s.build().branch(), s -> s.build().id(), baselineBranch);
        Optional<String> build = newestBut(recent, s -> s.build().id(), base);
        List<CiBuildSummary> ci = ingested.points().list(Optional.empty(), LIST_BUILDS);
        List<Views.IngestedBranch> ciBranches = byBranch(ci, s -> s.build().branch()).entrySet().stream()
                .map(e -> new Views.IngestedBranch(e.getKey(), e.getValue())).toList();
        Optional<String> ciBase = newestOf(ci, s -> s.build().branch(), s -> s.build().id(), baselineBranch);
        Optional<String> ciBuild = newestBut(ci, s -> s.build().id(), ciBase);
        Views.BuildList view = new Views.BuildList(Chrome.of("Build compare", v, "builds"), branches, recent, base, build, LIST_BUILDS,
                ciBranches, ci, ciBase, ciBuild);
        WebUi.html(ctx, 200, Html.render(out -> JtebuildsGenerated.render(out, null, view)));
    }

    /** Builds listed newest first, grouped by branch in the order the branches first appear. */
    private static <T> Map<String, List<T>> byBranch(List<T> newestFirst, Function<T, String> branch) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (T s : newestFirst) {
            out.computeIfAbsent(branch.apply(s), b -> new ArrayList<>()).add(s);
        }
        return out;
    }

    /** The compare form's default base: the newest build of the baseline branch. */
    private static <T> Optional<String> newestOf(List<T> newestFirst, Function<T, String> branch, Function<T, String> id,
            String baselineBranch) {
        return newestFirst.stream().filter(s -> branch.apply(s).equals(baselineBranch)).findFirst().map(id);
    }

    /** The compare form's default build: the newest build that is not {@code base}. */
    private static <T> Optional<String> newestBut(List<T> newestFirst, Function<T, String> id, Optional<String> base) {
        return newestFirst.stream().map(id).filter(i -> base.isEmpty() || !i.equals(base.get())).findFirst();
    }

    /** {@code GET /builds/compare?base=B&build=C}: two stored builds side by side, as {@code perfguard check} judges them. */
    void compare(Context ctx, Viewer v) {
        String base = required(ctx, "base");
        String build = required(ctx, "build");
        if (base.equals(build)) {
            throw PerfguardException.badInput("query parameters base and build name the same build " + clip(build)
                    + "; pick two different builds");
        }
        String kind = blank(ctx.queryParam("kind"));
        if (kind != null && !kind.equals("lighthouse") && !kind.equals("ingested")) {
            throw PerfguardException.badInput("query parameter kind must be lighthouse or ingested, was '" + clip(kind) + "'");
        }
        // an id may name a Lighthouse build and an ingested one; without kind, the Lighthouse build is meant
        if ("ingested".equals(kind) || kind == null && builds.find(base).isEmpty() && ingested.points().find(base).isPresent()) {
            compareIngested(ctx, v, base, build);
            return;
        }
        BuildCheck.Comparison c = check.compare(base, build);
        Map<String, List<MetricHistory>> histories = new LinkedHashMap<>();
        for (MetricHistory h : c.history()) {
            histories.computeIfAbsent(groupKey(h.url(), h.formFactor()), k -> new ArrayList<>()).add(h);
        }
        List<Views.Group> groups = new ArrayList<>();
        for (GroupResult g : c.report().groups()) {
            List<Views.Row> rows = new ArrayList<>();
            for (MetricResult m : g.metrics()) {
                rows.add(new Views.Row(m, MetricText.name(m.metric()), MetricText.value(m.metric(), m.baselineMedian()),
                        MetricText.value(m.metric(), m.currentMedian()), MetricText.delta(m),
                        Double.isFinite(m.pValue()) ? Fmt.pValue(m.pValue()) : "not computed"));
            }
            Set<LighthouseMetric> compared = new LinkedHashSet<>();
            g.metrics().forEach(m -> compared.add(m.metric()));
            List<Views.History> hs = new ArrayList<>();
            for (MetricHistory h : histories.getOrDefault(groupKey(g.url(), g.formFactor()), List.of())) {
                if (compared.contains(h.metric())) {
                    hs.add(history(c.build(), h));
                }
            }
            groups.add(new Views.Group(g, rows, hs));
        }
        List<String> alerts = c.historyAlerts().stream().map(HistoryFinding::describe).toList();
        Chrome chrome = Chrome.of(c.base().id() + " \u2192 " + c.build().id(), v, "builds");
        Views.Compare view = new Views.Compare(chrome, c, groups, alerts);
        WebUi.html(ctx, 200, Html.render(out -> JtecompareGenerated.render(out, null, view)));
    }

    /** {@code GET /builds/compare?kind=ingested&base=B&build=C}: two ingested builds metric by metric, as ingest judges them. */
    private void compareIngested(Context ctx, Viewer v, String base, String build) {
        CiCheck.Outcome o = ingested.compare(base, build);
        List<Views.IngestedRow> rows = new ArrayList<>();
        for (CiResult r : o.results().stream().sorted(Comparator.comparing((CiResult r) -> r.status() != CiStatus.REGRESSION)
                .thenComparing(r -> r.metric().series())).toList()) {
            String unit = r.metric().unit();
            double delta = r.current() - r.baseline();
            String words = !Double.isFinite(delta) || delta == 0 ? "unchanged" : (delta > 0 ? "up" : "down")
                    + (Math.signum(delta) == r.metric().direction().worseSign() ? ", worse" : ", better");
            rows.add(new Views.IngestedRow(r.metric().series(), ingestedHref(o.build().branch(), r.metric().series()),
                    r.status().label(), value(r.baseline(), unit), value(r.current(), unit), Double.isFinite(delta) ? delta : 0, words,
                    Double.isNaN(r.baseline()) ? "" : Fmt.percent(r.baseline(), r.current()),
                    r.pValue().isPresent() ? Fmt.pValue(r.pValue().getAsDouble()) : "not computed", r.reason()));
        }
        List<String> alerts = o.findings().stream().map(CiFinding::describe).toList();
        String verdict = o.verdict().name().toLowerCase(Locale.ROOT);
        Chrome chrome = Chrome.of(base + " \u2192 " + build, v, "builds");
        Views.IngestedCompare view = new Views.IngestedCompare(chrome, o, verdict, rows, alerts);
        WebUi.html(ctx, 200, Html.render(out -> JtecicompareGenerated.render(out, null, view)));
    }

    private static String value(double x, String unit) {
        return Double.isNaN(x) ? "\u2013" : Fmt.num(x) + (unit.isEmpty() ? "" : " " + unit);
    }

    private static String ingestedHref(String branch, String series) {
        return "/explorer?branch=" + WebUi.enc(branch) + "&series=" + WebUi.enc(series);
    }

    private String groupKey(String url, String formFactor) {
        return check.policy().comparison().urls().normalize(url) + "\u0000" + formFactor;
    }

    private static Views.History history(Build upTo, MetricHistory h) {
        LighthouseMetric m = h.metric();
        String path = "/builds/series?build=" + WebUi.enc(upTo.id()) + "&url=" + WebUi.enc(h.url()) + "&form="
                + WebUi.enc(h.formFactor()) + "&metric=" + WebUi.enc(m.id());
        Series s = Series.ofBuilds(h);
        Optional<ChangePoint> cp = s.marked();
        String firstBad = cp.map(c -> h.builds().get(c.index()).id()).orElse("");
        String lastGood = cp.map(c -> h.finding().filter(f -> f.firstBadBuild().equals(firstBad)).map(HistoryFinding::lastGoodBuild)
                .orElse(h.builds().get(c.index() - 1).id())).orElse("");
        return new Views.History(h, MetricText.name(m), path, h.builds().size(), cp, firstBad, lastGood,
                cp.map(c -> MetricText.value(m, c.before().median())).orElse(""),
                cp.map(c -> MetricText.value(m, c.after().median())).orElse(""),
                cp.map(c -> Fmt.pValue(c.pValue())).orElse(""));
    }

    /** {@code GET /explorer[?branch=B&url=U&form=F&metric=M | ?service=S&metric=M&days=N]}. */
    void explorer(Context ctx, Viewer v) {
        Optional<Views.Picked> picked = Optional.empty();
        String branch = blank(ctx.queryParam("branch"));
        String service = blank(ctx.queryParam("service"));
        if (branch != null && service != null) {
            throw PerfguardException.badInput("query parameters branch and service: pick a build series or a window series, not both");
        }
        if (branch != null && blank(ctx.queryParam("series")) != null) {
            picked = Optional.of(pickedIngested(branch, required(ctx, "series")));
        } else if (branch != null) {
            picked = Optional.of(pickedBuilds(ctx, branch));
        } else if (service != null) {
            picked = Optional.of(pickedWindows(service, required(ctx, "metric"), days(ctx, EXPLORER_DAYS)));
        }
        List<Views.BuildSeriesRow> rows = new ArrayList<>();
        for (String b : builds.branches(LIST_BUILDS)) {
            for (BuildSummary latest : builds.list(Optional.of(b), 1)) {
                Map<String, LighthouseRun> groups = new LinkedHashMap<>();
                for (LighthouseRun r : builds.runs(latest.build().id())) {
                    if (r.usable()) {
                        groups.putIfAbsent(r.url() + "\u0000" + r.formFactor(), r);
                    }
                }
                for (LighthouseRun r : groups.values()) {
                    List<Views.Link> links = new ArrayList<>();
                    for (LighthouseMetric m : LighthouseMetric.values()) {
                        links.add(new Views.Link(m.shortName(), "/explorer?branch=" + WebUi.enc(b) + "&url=" + WebUi.enc(r.url())
                                + "&form=" + WebUi.enc(r.formFactor()) + "&metric=" + WebUi.enc(m.id())));
                    }
                    rows.add(new Views.BuildSeriesRow(b, latest.build().id(), r.url(), r.formFactor(), links));
                }
            }
        }
        Chrome chrome = Chrome.of(picked.map(p -> p.describe() + " \u00b7 Metric explorer").orElse("Metric explorer"), v, "explorer");
        Views.Explorer view = new Views.Explorer(chrome, rows, ingestedRows(), incidents.windowSeries(LIST_SERIES), picked, LIST_SERIES);
        WebUi.html(ctx, 200, Html.render(out -> JteexplorerGenerated.render(out, null, view)));
    }

    private Views.Picked pickedBuilds(Context ctx, String branch) {
        String url = required(ctx, "url");
        String form = required(ctx, "form");
        LighthouseMetric metric = metric(required(ctx, "metric"));
        Build latest = builds.list(Optional.of(branch), 1).stream().findFirst().map(BuildSummary::build)
                .orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "no build of branch " + clip(branch) + " is stored"));
        MetricHistory h = check.history(latest.id(), url, form, metric).orElseThrow(() -> new PerfguardException(
                ErrorCode.NOT_FOUND, "the newest build of branch " + clip(branch) + " (" + latest.id() + ") has no usable run of "
                        + clip(url) + " [" + clip(form) + "]"));
        Series s = Series.ofBuilds(h);
        String path = "/builds/series?build=" + WebUi.enc(latest.id()) + "&url=" + WebUi.enc(h.url()) + "&form="
                + WebUi.enc(h.formFactor()) + "&metric=" + WebUi.enc(metric.id());
        List<Views.Change> changes = changes(s, x -> MetricText.value(metric, x));
        List<Views.Point> points = new ArrayList<>();
        for (int i = s.size() - 1; i >= 0 && points.size() < TABLE_ROWS; i--) {
            points.add(new Views.Point(s.label(i) + " (" + s.time(i) + ")", Double.isNaN(s.v()[i]) ? "no value"
                    : MetricText.value(metric, s.v()[i]), ""));
        }
        return new Views.Picked(MetricText.name(metric) + " of " + h.url() + " [" + h.formFactor() + "] on branch " + branch,
                path, s, changes, points, h.builds().size() + " builds of branch " + branch + " up to " + latest.id());
    }

    /** Every branch's ingested series, at most {@link #LIST_SERIES}. */
    private List<Views.IngestedSeriesRow> ingestedRows() {
        return ingested.points().series(LIST_SERIES).stream().map(c -> new Views.IngestedSeriesRow(c.branch(), c.series(), c.unit(),
                c.builds(), Fmt.time(Instant.ofEpochMilli(c.latestMs())), ingestedHref(c.branch(), c.series()))).toList();
    }

    private Views.Picked pickedIngested(String branch, String series) {
        CiHistory h = ingestedHistory(branch, series);
        Series s = Series.ofIngested(h);
        String unit = h.metric().unit();
        List<Views.Change> changes = changes(s, x -> value(x, unit));
        List<Views.Point> points = new ArrayList<>();
        for (int i = s.size() - 1; i >= 0 && points.size() < TABLE_ROWS; i--) {
            points.add(new Views.Point(s.label(i) + " (" + s.time(i) + ")", Double.isNaN(s.v()[i]) ? "no value" : value(s.v()[i], unit), ""));
        }
        String path = "/explorer/series?branch=" + WebUi.enc(branch) + "&series=" + WebUi.enc(series);
        CiBuild newest = h.builds().getLast();
        return new Views.Picked(series + " on branch " + branch + " (ingested)", path, s, changes, points,
                h.builds().size() + " ingested builds of branch " + branch + " up to " + newest.id() + " (each build's median)");
    }

    private Views.Picked pickedWindows(String service, String metric, int days) {
        Series s = windowSeries(service, metric, days);
        List<Views.Change> changes = changes(s, Fmt::num);
        List<Views.Point> points = new ArrayList<>();
        for (int i = s.size() - 1; i >= 0 && points.size() < TABLE_ROWS; i--) {
            points.add(new Views.Point(s.time(i), Double.isNaN(s.v()[i]) ? "no value" : Fmt.num(s.v()[i]),
                    s.inTolerance(i) ? "within tolerance" : "out of tolerance"));
        }
        String path = "/explorer/series?service=" + WebUi.enc(service) + "&metric=" + WebUi.enc(metric) + "&days=" + days;
        return new Views.Picked(metric + " of " + service, path, s, changes, points,
                s.size() + " reporting windows of the last " + days + " days");
    }

    private static List<Views.Change> changes(Series s, java.util.function.DoubleFunction<String> value) {
        List<Views.Change> out = new ArrayList<>();
        for (ChangePoint c : s.changePoints()) {
            String change = Double.isFinite(c.change()) ? String.format(Locale.ROOT, "%+.1f %%", c.change() * 100) : "n/a";
            out.add(new Views.Change(s.label(c.index()), value.apply(c.before().median()), value.apply(c.after().median()),
                    c.kind().name().toLowerCase(Locale.ROOT), change, String.format(Locale.ROOT, "%.4f", c.confidence()),
                    Fmt.pValue(c.pValue())));
        }
        return out;
    }

    // ---------------------------------------------------------------- plumbing

    private double minEffect() {
        return check.policy().historyMinEffect();
    }

    private static void json(Context ctx, String body) {
        ctx.status(200).contentType(JSON).header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store").result(body);
    }

    private static String required(Context ctx, String name) {
        String v = blank(ctx.queryParam(name));
        if (v == null) {
            throw PerfguardException.badInput("query parameter " + name + " is required");
        }
        if (v.length() > 1000) {
            throw PerfguardException.badInput("query parameter " + name + " is longer than 1000 characters");
        }
        return v;
    }

    private static int days(Context ctx, int dflt) {
        String v = blank(ctx.queryParam("days"));
        if (v == null) {
            return dflt;
        }
        int days;
        try {
            days = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput("query parameter days must be a whole number of days, was '" + clip(v) + "'");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw PerfguardException.badInput("query parameter days must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        return days;
    }

    private static LighthouseMetric metric(String name) {
        return LighthouseMetric.byName(name).orElseThrow(() -> PerfguardException.badInput("query parameter metric: '" + clip(name)
                + "' is not a Lighthouse metric; expected one of "
                + java.util.Arrays.stream(LighthouseMetric.values()).map(LighthouseMetric::id).toList()));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "\u2026" : s;
    }
}
