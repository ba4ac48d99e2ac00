package dev.perfguard.app.server;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.flags.FlagDiff;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.Rollback;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentJson;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Reported;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.incident.StoredIncident;
import dev.perfguard.runbook.notify.StoreOutbox;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code perfguard serve}: the REST API over the incident service and the outbox (dead letters and their
 * retry), on Jetty with virtual threads.
 *
 * <p>Every route is one {@link Route} in {@link #routes()}: its method, path, the role it needs (or
 * none for the health checks and the OpenAPI document) and its handler. Registration, authorization
 * and the OpenAPI test all read that one table. Errors become {@code {"code","message"}} with the
 * status from {@link ApiError}, Jetty's and Javalin's own included ({@link ErrorAnswers}); request bodies
 * are read strictly ({@link RequestJson}).
 */
public final class PerfguardServer implements AutoCloseable {
    /** Bodies above this are refused by Jetty before a handler runs (artefacts are limited separately). */
    static final long MAX_REQUEST_BYTES = 32L * 1024 * 1024;
    static final String API = "/api/v1";
    private static final Logger LOG = LoggerFactory.getLogger(PerfguardServer.class);
    /** The request attribute holding the matched route's path template, for the metrics (the pages set it too). */
    public static final String ROUTE = "perfguard.route";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @FunctionalInterface
    interface Handler {
        void handle(Context ctx, ApiTokens.Principal who) throws Exception;
    }

    /** One route of the API. {@code role} empty: no authentication. */
    record Route(HandlerType method, String path, Optional<Role> role, Handler handler) {}

    /**
     * The web pages served on the API's port (outside {@code /api/}): they register their own routes and
     * answer, as HTML, the requests outside the API that no route matched.
     */
    public interface Pages {
        void install(JavalinConfig config);

        /** Answers a request outside {@code /api/}, {@code /health} and {@code /metrics} that no route matched. */
        void notFound(Context ctx);
    }

    private final IncidentService incidents;
    private final StoreOutbox outbox;
    private final ApiTokens tokens;
    private final Clock clock;
    private final String defaultService;
    private final Health health;
    private final ServerMetrics metrics;
    private final Javalin app;
    private final Optional<FlagService> flags;

    private PerfguardServer(IncidentService incidents, StoreOutbox outbox, ApiTokens tokens, Clock clock,
            String defaultService, String host, int port, ServerMetrics metrics, Optional<Pages> pages,
            Optional<FlagService> flags) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.health = new Health(incidents.store());
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultService = Objects.requireNonNull(defaultService, "defaultService");
        List<Route> table = routes();
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            for (Route r : table) {
                config.routes.addHttpHandler(r.method(), r.path(), ctx -> {
                    ctx.attribute(ROUTE, r.path());
                    ApiTokens.Principal who = authorize(ctx, r.role());
                    r.handler().handle(ctx, who);
                });
            }
            pages.ifPresent(p -> p.install(config));
            config.requestLogger.http((ctx, ms) -> metrics.request(ctx.method().name(), ctx.attribute(ROUTE), ctx.statusCode(), ms / 1000.0));
            ErrorAnswers.install(config, MAX_REQUEST_BYTES, pages);
        });
    }

    /**
     * Starts the server on {@code host:port} (port 0: any free port); reports without a service are
     * filed under {@code defaultService} (the config's {@code service}). {@code outbox} serves the dead
     * letter routes; a retried message is due at {@code clock}'s now.
     */
    public static PerfguardServer start(IncidentService incidents, StoreOutbox outbox, ApiTokens tokens, Clock clock,
            String defaultService, String host, int port) {
        return start(incidents, outbox, tokens, clock, defaultService, host, port, new ServerMetrics(outbox, incidents, Set.of()),
                Optional.empty());
    }

    /**
     * As {@link #start(IncidentService, StoreOutbox, ApiTokens, Clock, String, String, int)}, counting into
     * {@code metrics} and serving {@code pages} beside the API.
     */
    public static PerfguardServer start(IncidentService incidents, StoreOutbox outbox, ApiTokens tokens, Clock clock,
            String defaultService, String host, int port, ServerMetrics metrics, Optional<Pages> pages) {
        return start(incidents, outbox, tokens, clock, defaultService, host, port, metrics, pages, Optional.empty());
    }

    /** As above, with the feature-flag routes over {@code flags} (without one they answer 409). */
    public static PerfguardServer start(IncidentService incidents, StoreOutbox outbox, ApiTokens tokens, Clock clock,
            String defaultService, String host, int port, ServerMetrics metrics, Optional<Pages> pages,
            Optional<FlagService> flags) {
        PerfguardServer s = new PerfguardServer(incidents, outbox, tokens, clock, defaultService, host, port, metrics, pages,
                flags);
        s.app.start();
        return s;
    }

    /** The HTTP status the API answers for {@code failure} (the web pages answer the same). */
    public static int statusOf(Throwable failure) {
        return ApiError.of(failure).status();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    List<Route> routes() {
        Optional<Role> viewer = Optional.of(Role.VIEWER);
        Optional<Role> responder = Optional.of(Role.RESPONDER);
        Optional<Role> admin = Optional.of(Role.ADMIN);
        String inc = API + "/incidents/{id}";
        return List.of(
                // /health, kept for the probes that use it, now means readiness
                new Route(HandlerType.GET, "/health", Optional.empty(), (ctx, who) -> {
                    health.requireReady();
                    json(ctx, 200, Map.of("status", "ok"));
                }),
                new Route(HandlerType.GET, "/health/live", Optional.empty(), (ctx, who) -> json(ctx, 200, Map.of("status", "live"))),
                new Route(HandlerType.GET, "/health/ready", Optional.empty(), (ctx, who) -> {
                    health.requireReady();
                    json(ctx, 200, Map.of("status", "ready"));
                }),
                new Route(HandlerType.GET, "/metrics", viewer, (ctx, who) -> {
                    boolean openMetrics = ServerMetrics.wantsOpenMetrics(ctx.header("Accept"));
                    ctx.contentType(openMetrics ? ServerMetrics.OPENMETRICS : ServerMetrics.TEXT).result(metrics.scrape(openMetrics));
                }),
                new Route(HandlerType.GET, API + "/openapi.json", Optional.empty(), (ctx, who) -> {
                    ctx.contentType("application/json").result(openapi());
                }),
                new Route(HandlerType.GET, API + "/incidents", viewer, (ctx, who) -> {
                    Optional<IncidentState> state = Optional.ofNullable(ctx.queryParam("state")).map(IncidentState::fromWireName);
                    json(ctx, 200, incidents.list(state, intQuery(ctx, "offset", 0), intQuery(ctx, "limit", 50)));
                }),
                new Route(HandlerType.POST, API + "/incidents", responder, (ctx, who) -> {
                    Requests.Report r = body(ctx, Requests.Report.class);
                    Reported rep = incidents.report(new RegressionReport(r.service().orElse(defaultService),
                            r.discrepancies()), who.name());
                    if (rep.opened() && flags.isPresent()) {
                        // the flags that changed before the regression go on the timeline, and so to the ticket
                        try {
                            flags.get().announceDiff(rep.stored().incident().id(), Optional.empty(), who.name());
                            rep = new Reported(incidents.get(rep.stored().incident().id()), true);
                        } catch (RuntimeException e) {
                            LOG.warn("flag diff for {} not announced: {}", rep.stored().incident().id(), e.getMessage());
                        }
                    }
                    json(ctx, rep.opened() ? 201 : 200, Map.of("opened", rep.opened(), "version", rep.stored().version(),
                            "incident", rep.stored().incident()));
                }),
                new Route(HandlerType.GET, inc, viewer, (ctx, who) -> incident(ctx, 200, incidents.get(id(ctx)))),
                new Route(HandlerType.POST, inc + "/transition", responder, (ctx, who) -> {
                    Requests.Transition r = body(ctx, Requests.Transition.class);
                    incident(ctx, 200, incidents.transition(id(ctx), required(r.to(), "to"), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/hypotheses", responder, (ctx, who) -> {
                    Requests.Hypothesis r = body(ctx, Requests.Hypothesis.class);
                    incident(ctx, 200, incidents.addHypothesis(id(ctx), r.rootCause(), r.squad(), r.flags().orElse(List.of()),
                            who.name()));
                }),
                new Route(HandlerType.POST, inc + "/deploy-notes", responder, (ctx, who) -> {
                    incident(ctx, 200, incidents.addDeployNote(id(ctx), body(ctx, Requests.DeployNote.class).text(), who.name()));
                }),
                new Route(HandlerType.PUT, inc + "/artefacts/{name}", responder, (ctx, who) -> {
                    try (InputStream in = ctx.bodyInputStream()) {
                        try {
                            incident(ctx, 200, incidents.addArtefact(id(ctx), ctx.pathParam("name"), in,
                                    ctx.req().getContentLengthLong(), who.name()));
                        } catch (PerfguardException refused) {
                            swallow(in);
                            throw refused;
                        }
                    }
                }),
                new Route(HandlerType.GET, inc + "/artefacts/{name}", viewer, (ctx, who) -> {
                    byte[] content = incidents.artefact(id(ctx), ctx.pathParam("name"));
                    ctx.contentType("application/octet-stream")
                            .header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("name") + "\"")
                            .result(content);
                }),
                new Route(HandlerType.POST, inc + "/load-tests", responder, (ctx, who) -> {
                    Requests.LoadTest r = body(ctx, Requests.LoadTest.class);
                    incident(ctx, 200, incidents.requestLoadTest(id(ctx),
                            new LoadTestPlan(r.scenarios(), r.concurrency(), r.dataRefresh(), required(r.start(), "start")), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/load-tests/{n}/confirm", responder, (ctx, who) -> {
                    incident(ctx, 200, incidents.confirmLoadTest(id(ctx), number(ctx), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/load-tests/{n}/cancel", responder, (ctx, who) -> {
                    incident(ctx, 200, incidents.cancelLoadTest(id(ctx), number(ctx), body(ctx, Requests.Cancel.class).reason(),
                            who.name()));
                }),
                new Route(HandlerType.POST, inc + "/load-tests/{n}/complete", responder, (ctx, who) -> {
                    Requests.Complete r = body(ctx, Requests.Complete.class);
                    incident(ctx, 200, incidents.completeLoadTest(id(ctx), number(ctx), required(r.verdict(), "verdict"),
                            r.summary(), r.recollected(), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/decision", responder, (ctx, who) -> {
                    incident(ctx, 200, incidents.decide(id(ctx), body(ctx, MitigationFacts.class), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/tasks/{n}/done", responder, (ctx, who) -> {
                    incident(ctx, 200, incidents.completeTask(id(ctx), number(ctx), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/rerun", responder, (ctx, who) -> {
                    incident(ctx, 200, incidents.requestRerun(id(ctx), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/windows", responder, (ctx, who) -> {
                    Requests.Window r = body(ctx, Requests.Window.class);
                    incidents.recordWindow(id(ctx), required(r.start(), "start"), required(r.results(), "results"), who.name());
                    json(ctx, 200, incidents.closability(id(ctx)));
                }),
                new Route(HandlerType.GET, inc + "/closability", viewer, (ctx, who) -> json(ctx, 200, incidents.closability(id(ctx)))),
                new Route(HandlerType.POST, inc + "/summary", responder, (ctx, who) -> {
                    Requests.Summary r = body(ctx, Requests.Summary.class);
                    incident(ctx, 200, incidents.writeSummary(id(ctx), r.rootCause(), r.remediation(), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/close", responder, (ctx, who) -> {
                    Requests.Close r = body(ctx, Requests.Close.class);
                    if (r.overrideReason().isPresent()) {
                        if (!who.role().includes(Role.ADMIN)) {
                            throw new ApiError.Failure(new ApiError.Forbidden(
                                    "overriding the closing gate needs the admin role; " + who.name() + " is " + who.role().wireName()));
                        }
                        incident(ctx, 200, incidents.closeWithOverride(id(ctx), r.overrideReason().get(), who.name()));
                    } else {
                        incident(ctx, 200, incidents.close(id(ctx), who.name()));
                    }
                }),
                new Route(HandlerType.GET, inc + "/timeline", viewer, (ctx, who) -> {
                    String id = id(ctx);
                    int limit = intQuery(ctx, "limit", IncidentService.TIMELINE_IN_ANSWER);
                    history(ctx, inc, id, "timeline", limit, incidents.timeline(id, beforeQuery(ctx), limit));
                }),
                new Route(HandlerType.GET, inc + "/deploy-notes", viewer, (ctx, who) -> {
                    String id = id(ctx);
                    int limit = intQuery(ctx, "limit", IncidentService.TIMELINE_IN_ANSWER);
                    history(ctx, inc, id, "deploy-notes", limit, incidents.deployNotes(id, beforeQuery(ctx), limit));
                }),
                new Route(HandlerType.GET, inc + "/report", viewer, (ctx, who) -> markdown(ctx, incidents.report(id(ctx)))),
                new Route(HandlerType.GET, inc + "/lessons", viewer, (ctx, who) -> markdown(ctx, incidents.lessons(id(ctx)))),
                new Route(HandlerType.GET, inc + "/follow-ups", viewer, (ctx, who) -> {
                    json(ctx, 200, Map.of("items", incidents.get(id(ctx)).incident().followUps()));
                }),
                new Route(HandlerType.POST, inc + "/follow-ups", responder, (ctx, who) -> {
                    Requests.FollowUpRequest r = body(ctx, Requests.FollowUpRequest.class);
                    incident(ctx, 200, incidents.addFollowUp(id(ctx), required(r.kind(), "kind"), r.title(), r.squad(), who.name()));
                }),
                new Route(HandlerType.GET, inc + "/flags", viewer, (ctx, who) -> {
                    FlagService f = flagService();
                    String id = id(ctx);
                    Optional<Instant> baseline = Optional.ofNullable(ctx.queryParam("baseline")).map(b -> instant(b, "baseline"));
                    FlagDiff diff = f.diffFor(id, baseline);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("store", f.store().describe());
                    out.put("captures", f.captures(id));
                    out.put("diff", Map.of("from", diff.from(), "to", diff.to(),
                            "lines", diff.lines().stream().map(l -> Map.of("flag", l.flag(), "before", l.before(), "after", l.after(),
                                    "at", l.last().at(), "by", l.last().by(), "text", l.describe())).toList()));
                    out.put("rollbacks", f.rollbacks(id));
                    json(ctx, 200, out);
                }),
                new Route(HandlerType.GET, inc + "/rollbacks", viewer, (ctx, who) -> {
                    json(ctx, 200, Map.of("items", flagService().rollbacks(id(ctx))));
                }),
                new Route(HandlerType.POST, inc + "/rollbacks", responder, (ctx, who) -> {
                    Requests.RollbackRequest r = body(ctx, Requests.RollbackRequest.class);
                    if (r.flag().isPresent() == r.trafficShaping().isPresent()) {
                        throw PerfguardException.badInput("give exactly one of flag (a flag to turn off) and trafficShaping"
                                + " (what traffic shaping to do)");
                    }
                    FlagService.Target target = r.flag().<FlagService.Target>map(FlagService.Target.Flag::new)
                            .orElseGet(() -> new FlagService.Target.TrafficShaping(r.trafficShaping().orElseThrow()));
                    rollback(ctx, 201, flagService().request(id(ctx), target, who.name()));
                }),
                new Route(HandlerType.POST, inc + "/rollbacks/{n}/approve", responder, (ctx, who) -> {
                    rollback(ctx, 200, flagService().approve(id(ctx), number(ctx), who.name()));
                }),
                new Route(HandlerType.POST, inc + "/rollbacks/{n}/deny", responder, (ctx, who) -> {
                    rollback(ctx, 200, flagService().deny(id(ctx), number(ctx), body(ctx, Requests.Deny.class).reason(),
                            who.name()));
                }),
                new Route(HandlerType.GET, API + "/outbox", viewer, (ctx, who) -> {
                    StoreOutbox.State state = outboxState(ctx);
                    int limit = intQuery(ctx, "limit", 100);
                    if (limit < 1 || limit > StoreOutbox.MAX_LIST) {
                        throw PerfguardException.badInput("query parameter limit must be between 1 and " + StoreOutbox.MAX_LIST
                                + ", was " + limit);
                    }
                    json(ctx, 200, Map.of("items", outbox.list(state, limit)));
                }),
                new Route(HandlerType.POST, API + "/outbox/{id}/retry", responder, (ctx, who) -> {
                    StoreOutbox.Entry e = outbox.retry(outboxId(ctx), clock);
                    LOG.info("outbox message {} ({}) sent again by {}",
                            e.id(), e.dedupKey(), who.name());
                    json(ctx, 200, e);
                }),
                new Route(HandlerType.GET, API + "/tokens", admin, (ctx, who) -> json(ctx, 200, Map.of("items", tokens.list()))),
                new Route(HandlerType.POST, API + "/tokens", admin, (ctx, who) -> {
                    Requests.Token r = body(ctx, Requests.Token.class);
                    json(ctx, 201, tokens.create(r.name(), Role.fromWireName(required(r.role(), "role"))));
                }),
                new Route(HandlerType.DELETE, API + "/tokens/{name}", admin, (ctx, who) -> {
                    tokens.revoke(ctx.pathParam("name"));
                    ctx.status(204);
                }));
    }

    private ApiTokens.Principal authorize(Context ctx, Optional<Role> needed) {
        if (needed.isEmpty()) {
            return new ApiTokens.Principal("anonymous", Role.VIEWER);
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError.Failure(new ApiError.Unauthorized("missing bearer token (Authorization: Bearer <token>)"));
        }
        ApiTokens.Principal p = tokens.authenticate(header.substring(7).strip())
                .orElseThrow(() -> new ApiError.Failure(new ApiError.Unauthorized("unknown or revoked token", true)));
        if (!p.role().includes(needed.get())) {
            throw new ApiError.Failure(new ApiError.Forbidden(ctx.method() + " " + ctx.path() + " needs the "
                    + needed.get().wireName() + " role; " + p.name() + " is " + p.role().wireName()));
        }
        return p;
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "no incident " + id.substring(0, Math.min(64, id.length())));
        }
        return id;
    }

    private static String outboxId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw new PerfguardException(ErrorCode.NOT_FOUND, "no outbox message " + id.substring(0, Math.min(64, id.length())));
        }
        return id;
    }

    /** The {@code state} query parameter of the outbox list: dead (the default), pending or delivered. */
    private static StoreOutbox.State outboxState(Context ctx) {
        String v = ctx.queryParam("state");
        if (v == null) {
            return StoreOutbox.State.DEAD;
        }
        try {
            return StoreOutbox.State.parse(v);
        } catch (PerfguardException e) {
            throw PerfguardException.badInput("query parameter state: " + e.getMessage());
        }
    }

    private static int number(Context ctx) {
        String n = ctx.pathParam("n");
        try {
            int v = Integer.parseInt(n);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput("number '" + n + "' in the path must be a positive integer");
        }
    }

    private static int intQuery(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput("query parameter " + name + " must be an integer, was '" + v + "'");
        }
    }

    /** The optional {@code before} query parameter of a history page: a positive seq or number. */
    private static Optional<Long> beforeQuery(Context ctx) {
        String v = ctx.queryParam("before");
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput("query parameter before must be an integer, was '" + v + "'");
        }
    }

    /** A page of an incident's history, with the link to the page before it when there is one. */
    private static void history(Context ctx, String inc, String id, String what, int limit,
            IncidentService.HistoryPage<?> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items());
        out.put("total", page.total());
        page.before().ifPresent(b -> {
            out.put("before", b);
            out.put("earlier", inc.replace("{id}", id) + "/" + what + "?before=" + b + "&limit=" + limit);
        });
        json(ctx, 200, out);
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw PerfguardException.badInput("field " + field + " is required");
        }
        return value;
    }

    private static <T> T body(Context ctx, Class<T> type) {
        String text = ctx.body();
        if (text.isBlank()) {
            text = "{}";
        }
        T value = RequestJson.read(text, type);
        if (type.isRecord()) { // every non-Optional field of a request is required
            for (RecordComponent rc : type.getRecordComponents()) {
                if (rc.getType().isPrimitive() || rc.getType() == Optional.class) {
                    continue;
                }
                try {
                    if (rc.getAccessor().invoke(value) == null) {
                        throw PerfguardException.badInput("request body: required field " + rc.getName() + " is missing");
                    }
                } catch (ReflectiveOperationException e) {
                    throw new PerfguardException(ErrorCode.INTERNAL, "cannot read " + rc.getName(), e);
                }
            }
        }
        return value;
    }

    private static void incident(Context ctx, int status, StoredIncident s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", s.version());
        out.put("timelineSize", s.incident().timelineSize());
        out.put("deployNoteCount", s.deployNoteCount());
        if (!s.incident().holdsWholeTimeline()) {
            long before = s.incident().timeline().get(0).seq();
            out.put("earlierTimeline", API + "/incidents/" + s.incident().id() + "/timeline?before=" + before + "&limit="
                    + IncidentService.TIMELINE_IN_ANSWER);
        }
        out.put("incident", s.incident());
        json(ctx, status, out);
    }

    private FlagService flagService() {
        return flags.orElseThrow(() -> new PerfguardException(ErrorCode.CONFLICT,
                "no flag store is configured: set flags.flagd (a flagd flag-definition file) or flags.unleash in perfguard.yaml"));
    }

    private void rollback(Context ctx, int status, Rollback r) {
        StoredIncident s = incidents.get(id(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rollback", r);
        out.put("version", s.version());
        out.put("incident", s.incident());
        json(ctx, status, out);
    }

    /**
     * Reads and discards what is left of a refused request body, at most {@link #MAX_REQUEST_BYTES}: a server that
     * answers and closes while the client is still sending resets the connection, and the client loses the answer.
     * A body larger than that is left to the connection's close.
     */
    private static void swallow(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        long left = MAX_REQUEST_BYTES;
        try {
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("stopped reading a refused request body", e);
        }
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw PerfguardException.badInput("query parameter " + name + " must be an ISO-8601 UTC time like"
                    + " 2026-11-27T10:00:00Z, was '" + text + "'");
        }
    }

    private static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(IncidentJson.write(value));
    }

    private static void markdown(Context ctx, String text) {
        ctx.contentType("text/markdown; charset=utf-8").result(text);
    }

    private static volatile String openapi;

    static String openapi() {
        if (openapi == null) {
            try (InputStream in = PerfguardServer.class.getResourceAsStream("openapi.json")) {
                if (in == null) {
                    throw new PerfguardException(ErrorCode.INTERNAL, "openapi.json is missing from the jar");
                }
                openapi = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PerfguardException(ErrorCode.INTERNAL, "openapi.json unreadable: " + e.getMessage(), e);
            }
        }
        return openapi;
    }
}
