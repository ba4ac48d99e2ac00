package dev.perfguard.app.server;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.runbook.incident.IncidentJson;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the server answers is {@code {"code","message"}} JSON with the status from {@link ApiError}:
 * a route's failure, Javalin's own answers (no route: 404; a known path with another method: 405 with
 * {@code Allow}; a body over the limit: 413) and the requests Jetty refuses before any route runs (a
 * malformed URI, 414 URI too long, 431 headers too large, bodies over the limit, CONNECT). A 401 carries
 * the bearer challenge of RFC 6750.
 */
final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    private static final String JSON = "application/json";

    private ErrorAnswers() {}

    /** Installs the error answers on a server whose request bodies may be at most {@code maxRequestBytes}. */
    static void install(JavalinConfig config, long maxRequestBytes, Optional<PerfguardServer.Pages> pages) {
        config.http.prefer405over404 = true;
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e instanceof NotFoundResponse && pages.isPresent() && isPage(ctx.path())) {
                pages.get().notFound(ctx);
            } else {
                write(ctx, fromJavalin(e, ctx, maxRequestBytes));
            }
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            ApiError error = e instanceof HttpException h // Jetty refusing the body while a handler reads it
                    ? (h.getCode() == 413 ? tooLarge(maxRequestBytes) : new ApiError.Rejected(h.getCode(), h.getReason()))
                    : ApiError.of(e);
            if (error.status() == 500) {
                LOG.error("internal error on " + ctx.path(), e);
            }
            write(ctx, error);
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(maxRequestBytes)));
        config.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(new JsonErrorHandler(maxRequestBytes));
            // refuses a declared Content-Length over the limit before reading, and a chunked body once it passes it
            context.insertHandler(new SizeLimitHandler(maxRequestBytes, -1));
        });
    }

    private static ApiError fromJavalin(HttpResponseException e, Context ctx, long maxRequestBytes) {
        String request = ctx.method() + " " + ctx.path();
        if (ctx.method() == HandlerType.CONNECT) {
            ctx.header("Connection", "close"); // no tunnel follows
            return new ApiError.MethodNotAllowed("CONNECT is not served: perfguard is not a proxy", List.of());
        }
        if (e instanceof NotFoundResponse) {
            return notFound(ctx);
        }
        if (e instanceof MethodNotAllowedResponse) {
            List<String> allowed = new ArrayList<>(Arrays.asList(e.getDetails().getOrDefault("availableMethods", "").split(",\\s*")));
            allowed.removeIf(String::isBlank);
            if (allowed.contains("GET") && !allowed.contains("HEAD")) {
                allowed.add(allowed.indexOf("GET") + 1, "HEAD"); // Javalin answers HEAD from the GET handler
            }
            return new ApiError.MethodNotAllowed(request + " is not served; " + ctx.path() + " allows " + String.join(", ", allowed),
                    allowed);
        }
        if (e instanceof ContentTooLargeResponse) {
            return tooLarge(maxRequestBytes);
        }
        return new ApiError.Rejected(e.getStatus(), request + ": " + e.getMessage());
    }

    /** Whether a path belongs to the web pages rather than to the API, the health checks or the metrics. */
    static boolean isPage(String path) {
        return !(path.startsWith("/api/") || path.equals("/api") || path.startsWith("/health") || path.equals("/metrics"));
    }

    /** No route for the path: the JSON error (a page's not-found is answered by the pages). */
    private static ApiError notFound(Context ctx) {
        return new ApiError.Domain(ErrorCode.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path());
    }

    private static ApiError tooLarge(long maxRequestBytes) {
        return new ApiError.Rejected(413, "request body larger than the " + maxRequestBytes + " bytes allowed");
    }

    static void write(Context ctx, ApiError error) {
        if (error instanceof ApiError.Unauthorized u) {
            ctx.header("WWW-Authenticate", u.challenge());
        }
        if (error instanceof ApiError.MethodNotAllowed m) {
            ctx.header("Allow", String.join(", ", m.allowed()));
        }
        ctx.status(error.status()).contentType(JSON).result(body(error));
    }

    static String body(ApiError error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", error.code());
        body.put("message", error.message());
        return IncidentJson.write(body);
    }

    /** Jetty's error page, as JSON: requests refused before (or outside) Javalin's routing. */
    private static final class JsonErrorHandler extends ErrorHandler {
        private final long maxRequestBytes;

        JsonErrorHandler(long maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        public boolean errorPageForMethod(String method) {
            return true; // every method gets the error body, not only GET, POST and HEAD
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            byte[] json = body(rejected(code, message)).getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
            response.getHeaders().put(new HttpField(HttpHeader.CONTENT_LENGTH, String.valueOf(json.length)));
            response.write(true, ByteBuffer.wrap(json), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, JSON);
            return ByteBuffer.wrap(body(rejected(status, reason)).getBytes(StandardCharsets.UTF_8));
        }

        private ApiError rejected(int status, String reason) {
            if (status == 413) {
                return tooLarge(maxRequestBytes);
            }
            String what = HttpStatus.getMessage(status);
            return new ApiError.Rejected(status, reason == null || reason.isBlank() || reason.equals(what) ? what : what + ": " + reason);
        }
    }
}
