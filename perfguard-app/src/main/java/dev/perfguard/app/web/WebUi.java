package dev.perfguard.app.web;

import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.RiskAcceptance;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.Rollback;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.incident.StoredIncident;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web pages, served by {@code perfguard serve} on the API's port: the incident list, the incident page
 * with its actions, sign-in and the static assets. Server-rendered from precompiled jte templates and usable
 * without JavaScript; htmx (boosted links and forms) and uPlot (charts) only improve them.
 *
 * <p>A page needs a session cookie (made at {@code /login} from an API token, or from a one-time code) or an
 * {@code Authorization: Bearer} header; without either it redirects (303) to {@code /login}. Roles are the
 * API's: a viewer sees no action forms, and every form post carries the session's CSRF token.
 */
public final class WebUi implements PerfguardServer.Pages {
    public static final String COOKIE = "perfguard_session";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final int PAGE_SIZE = 50;
    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String HTML = "text/html; charset=utf-8";
    private static final String SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @FunctionalInterface
    interface Page {
        void render(Context ctx, Viewer viewer) throws Exception;
    }

    /** An action: does its work and answers the notice to show on the page it returns to. */
    @FunctionalInterface
    interface Action {
        String apply(Context ctx, Viewer viewer, String id) throws Exception;
    }

    private final IncidentService incidents;
    private final Clock clock;
    private final Function<String, Optional<URI>> tickets;
    private final Sessions sessions;
    private final SeriesPages series;
    private final Assets assets = new Assets();
    private final Optional<FlagService> flags;

    /**
     * @param builds the stored builds, for the build compare page and the metric explorer
     * @param check judges stored builds as {@code perfguard check} does
     * @param ingested the builds {@code perfguard ingest} stored, judged as it judges them
     * @param tickets the Jira ticket of an incident, when one was created
     */
    public WebUi(IncidentService incidents, BuildStore builds, BuildCheck check, CiCheck ingested, ApiTokens tokens, Clock clock,
            Function<String, Optional<URI>> tickets) {
        this(incidents, builds, check, ingested, tokens, clock, tickets, Optional.empty());
    }

    /** With the feature flags' capture, diff and rollbacks on the incident page, when a flag store is configured. */
    public WebUi(IncidentService incidents, BuildStore builds, BuildCheck check, CiCheck ingested, ApiTokens tokens, Clock clock,
            Function<String, Optional<URI>> tickets, Optional<FlagService> flags) {
        this.flags = flags;
        this.incidents = incidents;
        this.clock = clock;
        this.tickets = tickets;
        this.sessions = new Sessions(tokens, clock);
        this.series = new SeriesPages(incidents, builds, check, ingested, clock);
    }

    /** The path of a sign-in link that signs in as {@code token} once: a one-time code, never the token itself. */
    public String signInPath(String token) {
        return "/login?code=" + sessions.oneTimeCode(token);
    }

    @Override
    public void install(JavalinConfig config) {
        var r = config.routes;
        r.addHttpHandler(HandlerType.GET, "/", ctx -> ctx.redirect("/incidents", io.javalin.http.HttpStatus.FOUND));
        r.addHttpHandler(HandlerType.GET, "/assets/{name}", ctx -> assets.serve(ctx, ctx.pathParam("name")));
        r.addHttpHandler(HandlerType.GET, "/login", this::loginPage);
        r.addHttpHandler(HandlerType.POST, "/login", this::login);
        r.addHttpHandler(HandlerType.GET, "/logout", this::logout);
        r.addHttpHandler(HandlerType.POST, "/logout", this::logout);
        page(config, "/incidents", Role.VIEWER, this::list);
        page(config, "/incidents/{id}", Role.VIEWER, (ctx, v) -> incidentPage(ctx, v, id(ctx), Optional.empty(), 200));
        page(config, "/incidents/{id}/series", Role.VIEWER, (ctx, v) -> series.incidentSeries(ctx, id(ctx)));
        page(config, "/incidents/{id}/load-tests/{n}/latency", Role.VIEWER, (ctx, v) -> {
            String id = id(ctx);
            int n = number(ctx);
            var slot = incidents.get(id).incident().loadTests().stream().filter(l -> l.number() == n).findFirst()
                    .orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND, "no load test " + n + " on incident " + id));
            byte[] raw = incidents.artefact(id, "loadtest-" + n + "-latency-over-time.json");
            ctx.contentType("application/json").header("Cache-Control", "no-store")
                    .result(Series.latency(slot.plan().start(), raw).json());
        });
        page(config, "/builds", Role.VIEWER, series::buildList);
        page(config, "/builds/compare", Role.VIEWER, series::compare);
        page(config, "/builds/series", Role.VIEWER, (ctx, v) -> series.buildSeries(ctx));
        page(config, "/explorer", Role.VIEWER, series::explorer);
        page(config, "/explorer/series", Role.VIEWER, (ctx, v) -> series.windowSeries(ctx));
        page(config, "/incidents/{id}/report", Role.VIEWER, (ctx, v) -> markdownPage(ctx, v, "Post-incident report",
                incidents.report(id(ctx))));
        page(config, "/incidents/{id}/lessons", Role.VIEWER, (ctx, v) -> markdownPage(ctx, v, "Lessons entry",
                incidents.lessons(id(ctx))));
        page(config, "/incidents/{id}/artefacts/{name}", Role.VIEWER, (ctx, v) -> {
            String name = ctx.pathParam("name");
            byte[] content = incidents.artefact(id(ctx), name);
            ctx.contentType("application/octet-stream")
                    .header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"")
                    .result(content);
        });
        action(config, "/hypotheses", (ctx, v, id) -> {
            StoredIncident s = incidents.addHypothesis(id, required(ctx, "root_cause", "root cause"),
                    optional(ctx, "squad"), flags(ctx.formParam("flags")), v.name());
            return "Hypothesis " + s.incident().hypotheses().size() + " added.";
        });
        action(config, "/deploy-notes", (ctx, v, id) -> {
            incidents.addDeployNote(id, required(ctx, "text", "deploy note"), v.name());
            return "Deploy note added.";
        });
        action(config, "/load-tests", (ctx, v, id) -> {
            LoadTestPlan plan = new LoadTestPlan(scenarios(required(ctx, "scenarios", "scenarios")),
                    integer(required(ctx, "concurrency", "concurrency"), "concurrency"),
                    required(ctx, "data_refresh", "data refresh"), utc(required(ctx, "start", "start"), "start"));
            StoredIncident s = incidents.requestLoadTest(id, plan, v.name());
            return "Load-test slot " + s.incident().loadTests().size() + " requested for " + Fmt.time(plan.start()) + ".";
        });
        action(config, "/load-tests/{n}/confirm", (ctx, v, id) -> {
            incidents.confirmLoadTest(id, number(ctx), v.name());
            return "Load-test slot " + number(ctx) + " confirmed.";
        });
        action(config, "/load-tests/{n}/cancel", (ctx, v, id) -> {
            incidents.cancelLoadTest(id, number(ctx), required(ctx, "reason", "reason"), v.name());
            return "Load-test slot " + number(ctx) + " cancelled.";
        });
        action(config, "/load-tests/{n}/complete", (ctx, v, id) -> {
            LoadTestFinding.Verdict verdict = enumParam(LoadTestFinding.Verdict.class, required(ctx, "verdict", "verdict"),
                    "verdict");
            List<LoadTestFinding.RetrievalMetric> recollected = Arrays.stream(required(ctx, "recollected",
                    "re-collected retrieval metrics").split("[,\\n]")).map(String::strip).filter(m -> !m.isEmpty())
                    .map(LoadTestFinding.RetrievalMetric::parse).toList();
            incidents.completeLoadTest(id, number(ctx), verdict, required(ctx, "summary", "summary"), recollected, v.name());
            return "Load test " + number(ctx) + " completed: " + verdict.name().toLowerCase(java.util.Locale.ROOT) + ".";
        });
        action(config, "/decision", (ctx, v, id) -> {
            StoredIncident s = incidents.decide(id, facts(ctx), v.name());
            return "Decision recorded: " + s.incident().decision().orElseThrow().branch().wireName() + ".";
        });
        action(config, "/tasks/{n}/done", (ctx, v, id) -> {
            incidents.completeTask(id, number(ctx), v.name());
            return "Task " + number(ctx) + " marked done.";
        });
        action(config, "/rollbacks", (ctx, v, id) -> {
            FlagService f = flagService();
            Optional<String> flag = optional(ctx, "flag");
            FlagService.Target target = flag.isPresent() ? new FlagService.Target.Flag(flag.get())
                    : new FlagService.Target.TrafficShaping(required(ctx, "traffic_shaping", "flag or traffic shaping"));
            Rollback asked = f.request(id, target, v.name());
            return "Rollback " + asked.number() + " requested (" + asked.what() + "); DevOps is asked to approve.";
        });
        action(config, "/rollbacks/{n}/approve", (ctx, v, id) -> {
            Rollback approved = flagService().approve(id, number(ctx), v.name());
            return "Rollback " + approved.number() + " " + approved.state().wireName() + ": " + approved.what() + ".";
        });
        action(config, "/rollbacks/{n}/deny", (ctx, v, id) -> {
            Rollback denied = flagService().deny(id, number(ctx), required(ctx, "reason", "reason"), v.name());
            return "Rollback " + denied.number() + " denied.";
        });
        action(config, "/rerun", (ctx, v, id) -> {
            incidents.requestRerun(id, v.name());
            return "CI was asked to build again; the next build's check reports here.";
        });
        action(config, "/summary", (ctx, v, id) -> {
            incidents.writeSummary(id, required(ctx, "root_cause", "root cause"), required(ctx, "remediation", "remediation"),
                    v.name());
            return "Summary written.";
        });
        action(config, "/transition", (ctx, v, id) -> {
            IncidentState to = IncidentState.fromWireName(required(ctx, "to", "state"));
            incidents.transition(id, to, v.name());
            return "Moved to " + to.wireName() + ".";
        });
        action(config, "/close", (ctx, v, id) -> {
            Optional<String> override = optional(ctx, "override_reason");
            if (override.isPresent()) {
                if (!v.admin()) {
                    throw new PerfguardException(ErrorCode.CONFLICT, "overriding the closing gate needs the admin role; "
                            + v.name() + " is " + v.role().wireName());
                }
                incidents.closeWithOverride(id, override.get(), v.name());
                return "Closed by override.";
            }
            incidents.close(id, v.name());
            return "Closed: the closing gate passed.";
        });
    }

    @Override
    public void notFound(Context ctx) {
        Optional<Viewer> v = viewer(ctx);
        error(ctx, v, 404, "Not found", "Nothing is served at " + ctx.path() + ".");
    }

    // ---------------------------------------------------------------- pages

    private void list(Context ctx, Viewer v) {
        Optional<IncidentState> state = Optional.ofNullable(blankToNull(ctx.queryParam("state"))).map(IncidentState::fromWireName);
        Optional<String> service = Optional.ofNullable(blankToNull(ctx.queryParam("service")));
        int page = Math.max(1, queryInt(ctx, "page", 1));
        if (page > 20_000) {
            throw PerfguardException.badInput("query parameter page must be at most 20000, was " + page);
        }
        IncidentService.Browse b = incidents.browse(state, service, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        Instant now = clock.instant();
        List<IncidentList.Row> rows = new ArrayList<>();
        for (StoredIncident s : b.items()) {
            Incident i = s.incident();
            rows.add(new IncidentList.Row(i.id(), i.state().wireName(), Fmt.age(i.openedAt(), now), Severity.of(i.discrepancies()),
                    squad(i), i.service(), i.discrepancies().stream()
                            .map(d -> new IncidentList.Change(d.metric(), Fmt.change(d))).toList()));
        }
        int pages = (int) Math.max(1, (b.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        String filters = state.map(s -> "&state=" + s.wireName()).orElse("") + service.map(s -> "&service=" + enc(s)).orElse("");
        Optional<String> prev = page > 1 ? Optional.of("/incidents?page=" + (page - 1) + filters) : Optional.empty();
        Optional<String> next = page < pages ? Optional.of("/incidents?page=" + (page + 1) + filters) : Optional.empty();
        IncidentList view = new IncidentList(Chrome.of("Incidents", v, "incidents"), rows, state, service, b.services(),
                b.total(), page, pages, prev, next);
        html(ctx, 200, Html.render(out -> JteincidentsGenerated.render(out, null, view)));
    }

    private void incidentPage(Context ctx, Viewer v, String id, Optional<Chrome.Notice> notice, int status) {
        StoredIncident s = incidents.get(id);
        Incident i = s.incident();
        IncidentService.Closability c = incidents.closability(id);
        var timeline = incidents.timeline(id, Optional.empty(), IncidentService.TIMELINE_IN_ANSWER);
        var notes = incidents.deployNotes(id, Optional.empty(), IncidentService.DEPLOY_NOTES_IN_ANSWER);
        Chrome chrome = new Chrome(i.id() + " \u00b7 " + i.state().wireName(), Optional.of(v), "incidents",
                notice.or(() -> Optional.ofNullable(ctx.queryParam("notice")).filter(n -> n.length() < 300)
                        .map(n -> new Chrome.Notice(false, n))));
        List<dev.perfguard.core.incident.TimelineEntry> newestFirst = new ArrayList<>(timeline.items());
        java.util.Collections.reverse(newestFirst);
        List<IncidentService.NumberedNote> notesNewestFirst = new ArrayList<>(notes.items());
        java.util.Collections.reverse(notesNewestFirst);
        IncidentView view = new IncidentView(chrome, v, s, c, GateWords.describe(i, c, incidents.settings().gate()),
                incidents.settings().gate(), newestFirst, timeline.total(), notesNewestFirst, notes.total(), squad(i),
                Severity.of(i.discrepancies()), clock.instant(), tickets.apply(id), incidents.rerunConfigured(),
                flags.map(f -> IncidentView.Flags.of(f, id)));
        html(ctx, status, Html.render(out -> JteincidentGenerated.render(out, null, view)));
    }

    private void markdownPage(Context ctx, Viewer v, String what, String markdown) {
        String id = id(ctx);
        Chrome chrome = Chrome.of(what + " \u00b7 " + id, v, "incidents");
        html(ctx, 200, Html.render(out -> JtemarkdownGenerated.render(out, null, chrome, id, what, markdown)));
    }

    private FlagService flagService() {
        return flags.orElseThrow(() -> new PerfguardException(ErrorCode.CONFLICT,
                "no flag store is configured (flags.flagd or flags.unleash in perfguard.yaml)"));
    }

    private String squad(Incident i) {
        for (int h = i.hypotheses().size() - 1; h >= 0; h--) { // the newest hypothesis's owner, if any
            var owner = i.hypotheses().get(h).owner();
            if (owner.squad().isPresent()) {
                return owner.squad().get();
            }
        }
        return incidents.settings().ownership().resolve(i.triggeringMetrics(), Optional.empty()).squad().orElse("unowned");
    }

    // ---------------------------------------------------------------- sign-in

    private void loginPage(Context ctx) {
        String code = ctx.queryParam("code");
        if (code != null) {
            Optional<Sessions.Session> s = sessions.redeem(code);
            if (s.isPresent()) {
                startSession(ctx, s.get());
                ctx.redirect("/incidents", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            loginForm(ctx, 400, Optional.of("This sign-in link was already used or has expired; paste a token instead."));
            return;
        }
        loginForm(ctx, 200, Optional.empty());
    }

    private void login(Context ctx) {
        String token = ctx.formParam("token");
        Optional<Sessions.Session> s = token == null || token.isBlank() ? Optional.empty() : sessions.open(token.strip());
        if (s.isEmpty()) {
            loginForm(ctx, 401, Optional.of("That token is unknown or revoked."));
            return;
        }
        startSession(ctx, s.get());
        ctx.redirect(safeNext(ctx.formParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void loginForm(Context ctx, int status, Optional<String> problem) {
        Chrome chrome = new Chrome("Sign in", Optional.empty(), "login", problem.map(p -> new Chrome.Notice(true, p)));
        String next = safeNext(ctx.queryParam("next"));
        html(ctx, status, Html.render(out -> JteloginGenerated.render(out, null, chrome, next)));
    }

    private void logout(Context ctx) {
        sessions.close(ctx.cookie(COOKIE));
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void startSession(Context ctx, Sessions.Session s) {
        ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; Max-Age=" + Sessions.ABSOLUTE.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
    }

    private static boolean secure(Context ctx) {
        return ctx.req().isSecure() || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /** Only a local path is followed after sign-in: never another site. */
    private static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 500) {
            return "/incidents";
        }
        return next;
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<Viewer> viewer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return sessionsTokens(header.substring(7).strip());
        }
        return sessions.find(ctx.cookie(COOKIE))
                .map(s -> new Viewer(s.principal().name(), s.principal().role(), Optional.of(s.session().csrf())));
    }

    private Optional<Viewer> sessionsTokens(String token) {
        return sessions.authenticate(token).map(p -> new Viewer(p.name(), p.role(), Optional.empty()));
    }

    private void page(JavalinConfig config, String path, Role role, Page page) {
        config.routes.addHttpHandler(HandlerType.GET, path, ctx -> {
            ctx.attribute(PerfguardServer.ROUTE, path);
            Optional<Viewer> v = viewer(ctx);
            if (v.isEmpty()) {
                if (ctx.header("Authorization") != null) {
                    ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    error(ctx, Optional.empty(), 401, "Not signed in", "The bearer token is unknown or revoked.");
                } else {
                    ctx.redirect("/login?next=" + enc(ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString())),
                            io.javalin.http.HttpStatus.SEE_OTHER);
                }
                return;
            }
            if (!v.get().role().includes(role)) {
                error(ctx, v, 403, "Not allowed", "This page needs the " + role.wireName() + " role.");
                return;
            }
            try {
                page.render(ctx, v.get());
            } catch (RuntimeException e) {
                failed(ctx, v, e);
            }
        });
    }

    private void action(JavalinConfig config, String suffix, Action action) {
        config.routes.addHttpHandler(HandlerType.POST, "/incidents/{id}" + suffix, ctx -> {
            ctx.attribute(PerfguardServer.ROUTE, "/incidents/{id}" + suffix);
            Optional<Viewer> v = viewer(ctx);
            if (v.isEmpty()) {
                error(ctx, Optional.empty(), 401, "Not signed in", "Sign in again: your session has ended.");
                return;
            }
            Viewer viewer = v.get();
            if (viewer.csrf().isPresent() && !Sessions.sameSecret(viewer.csrf().get(), csrf(ctx))) {
                error(ctx, v, 403, "Form expired", "The form was not sent from this session's page; reload the page and try again.");
                return;
            }
            if (!viewer.acts()) {
                error(ctx, v, 403, "Not allowed", viewer.name() + " is a " + viewer.role().wireName()
                        + "; acting on an incident needs the responder role.");
                return;
            }
            String id = id(ctx);
            String notice;
            try {
                notice = action.apply(ctx, viewer, id);
            } catch (PerfguardException e) {
                if (e.code() == ErrorCode.NOT_FOUND && !exists(id)) {
                    error(ctx, v, 404, "Not found", e.getMessage());
                } else if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.STORE) {
                    failed(ctx, v, e);
                } else { // refused: the reason shows on the incident page, beside what the person was doing
                    incidentPage(ctx, viewer, id, Optional.of(new Chrome.Notice(true, e.getMessage())),
                            PerfguardServer.statusOf(e));
                }
                return;
            }
            ctx.redirect("/incidents/" + id + "?notice=" + enc(notice), io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    private boolean exists(String id) {
        try {
            incidents.get(id);
            return true;
        } catch (PerfguardException e) {
            return false;
        }
    }

    private static String csrf(Context ctx) {
        String h = ctx.header(CSRF_HEADER);
        return h != null ? h : ctx.formParam(CSRF_FIELD);
    }

    private void failed(Context ctx, Optional<Viewer> v, RuntimeException e) {
        int status = PerfguardServer.statusOf(e);
        if (status >= 500) {
            LOG.error("page " + ctx.path() + " failed", e);
            error(ctx, v, status, "Something failed", "perfguard could not answer this page (" + e.getClass().getSimpleName()
                    + "); the server log has the details.");
        } else {
            error(ctx, v, status, status == 404 ? "Not found" : "Cannot show this", e.getMessage());
        }
    }

    private void error(Context ctx, Optional<Viewer> v, int status, String title, String message) {
        Chrome chrome = new Chrome(title, v, "", Optional.empty());
        html(ctx, status, Html.render(out -> JteerrorGenerated.render(out, null, chrome, status, message)));
    }

    static void html(Context ctx, int status, String body) {
        ctx.status(status).contentType(HTML)
                .header("Content-Security-Policy", SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store")
                .result(body);
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "no incident " + id.substring(0, Math.min(64, id.length())));
        }
        return id;
    }

    private static int number(Context ctx) {
        return integer(ctx.pathParam("n"), "number");
    }

    private static int integer(String v, String field) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput(field + " must be a whole number, was '" + v + "'");
        }
    }

    private static int queryInt(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? dflt : integer(v, "query parameter " + name);
    }

    private static String required(Context ctx, String field, String label) {
        String v = ctx.formParam(field);
        if (v == null || v.isBlank()) {
            throw PerfguardException.badInput(label + " is required");
        }
        return v.strip();
    }

    private static Optional<String> optional(Context ctx, String field) {
        return Optional.ofNullable(blankToNull(ctx.formParam(field))).map(String::strip);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code name=state} pairs separated by commas or new lines. */
    static List<FlagState> flags(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<FlagState> out = new ArrayList<>();
        for (String part : text.split("[,\\n]")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 1 || eq == p.length() - 1) {
                throw PerfguardException.badInput("flag '" + p + "' must be written name=state, e.g. new-ranker=on");
            }
            out.add(new FlagState(p.substring(0, eq).strip(), p.substring(eq + 1).strip()));
        }
        return out;
    }

    private static List<String> scenarios(String text) {
        return Arrays.stream(text.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A {@code datetime-local} value read as UTC (the form says so). */
    static Instant utc(String value, String field) {
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw PerfguardException.badInput(field + " must be a date and time like 2026-12-02T15:30 (UTC), was '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E enumParam(Class<E> type, String value, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return e;
            }
        }
        throw PerfguardException.badInput(field + " '" + value + "' is unknown; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList());
    }

    /** The decision tree's answers, as the decision form asks them. */
    private static MitigationFacts facts(Context ctx) {
        String fix = required(ctx, "fix", "whether a fix is available");
        boolean infra = ctx.formParam("infrastructure") != null;
        if (fix.equals("yes")) {
            int minutes = integer(required(ctx, "estimate_minutes", "fix estimate (minutes)"), "fix estimate (minutes)");
            return MitigationFacts.fix(Duration.ofMinutes(minutes), infra);
        }
        MitigationFacts.Containment containment = enumParam(MitigationFacts.Containment.class,
                required(ctx, "containment", "containment"), "containment");
        Optional<RiskAcceptance> risk = Optional.empty();
        if (containment.staysLive()) {
            risk = Optional.of(new RiskAcceptance(required(ctx, "risk_by", "risk accepted by"),
                    required(ctx, "risk_reason", "risk acceptance reason"), utc(required(ctx, "risk_until", "risk accepted until"),
                            "risk accepted until")));
        }
        return MitigationFacts.noFix(containment, risk);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The static files the pages use, from the jar: htmx and uPlot from their webjars, perfguard's own CSS and script. */
    static final class Assets {
        private static final Map<String, String> FILES = Map.of(
                "htmx.min.js", "/META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js",
                "uPlot.iife.min.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "uPlot.min.css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css",
                "perfguard.css", "/dev/perfguard/app/web/assets/perfguard.css",
                "perfguard.js", "/dev/perfguard/app/web/assets/perfguard.js");
        private final Map<String, byte[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

        void serve(Context ctx, String name) throws IOException {
            String path = FILES.get(name);
            if (path == null) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("no asset " + name.substring(0, Math.min(64, name.length())));
                return;
            }
            byte[] bytes = cache.computeIfAbsent(path, p -> {
                try (InputStream in = WebUi.class.getResourceAsStream(p)) {
                    if (in == null) {
                        throw new PerfguardException(ErrorCode.INTERNAL, "asset " + p + " is missing from the jar");
                    }
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new PerfguardException(ErrorCode.INTERNAL, "asset " + p + " unreadable", e);
                }
            });
            String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            ctx.contentType(type).header("Cache-Control", "public, max-age=3600").header("X-Content-Type-Options", "nosniff")
                    .result(bytes);
        }
    }
}
