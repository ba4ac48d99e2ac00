package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.runbook.incident.IncidentJson;
import dev.perfguard.runbook.incident.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error the server answers, from a route, from Javalin or from Jetty itself, is the JSON
 * {@code {"code","message"}} shape, spoken over a raw socket to a real server on a loopback port.
 */
class ErrorAnswersTest {
    @TempDir Path tmp;
    TestServer s;

    @BeforeEach
    void start() {
        s = new TestServer(tmp);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** A parsed HTTP/1.1 answer; header names in lower case. */
    record Raw(int status, Map<String, String> headers, String body) {
        JsonNode error() {
            assertThat(headers.get("content-type")).as(this.toString()).startsWith("application/json");
            JsonNode json = IncidentJson.read(body, JsonNode.class, "error answer");
            assertThat(json.size()).as(body).isEqualTo(2);
            assertThat(json.path("code").isTextual()).as(body).isTrue();
            assertThat(json.path("message").asText()).as(body).isNotBlank();
            return json;
        }
    }

    /** Writes {@code head} (request line and headers, CRLF-separated, without the blank line) and reads the answer. */
    Raw raw(String head) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the head, then the body by its Content-Length or chunks: the server need not close the connection. */
    static Raw parse(InputStream in) throws IOException {
        String[] lines = readHead(in).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(readLine(in).strip(), 16)) > 0; readLine(in)) {
                body.write(in.readNBytes(size));
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            in.transferTo(body);
        }
        return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            head.append(head.isEmpty() ? "" : "\r\n").append(line);
        }
        return head.toString();
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1";
    }

    @Test
    void unknownRoutesAre404Json() {
        Raw api = raw(get("/api/v1/nope"));
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.error().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.error().path("message").asText()).contains("/api/v1/nope");
        Raw elsewhere = raw(get("/nope"));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.error().path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        Raw incidents = raw("DELETE /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(incidents.status()).isEqualTo(405);
        assertThat(incidents.error().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(incidents.headers().get("allow")).isEqualTo("GET, HEAD, POST");
        Raw transition = raw("GET /api/v1/incidents/INC-1/transition HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(transition.status()).isEqualTo(405);
        assertThat(transition.headers().get("allow")).isEqualTo("POST");
        assertThat(transition.error().path("message").asText()).contains("GET").contains("POST");
        Raw health = raw("PUT /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0");
        assertThat(health.status()).isEqualTo(405);
        assertThat(health.headers().get("allow")).isEqualTo("GET, HEAD");
        assertThat(raw("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1").status()).isEqualTo(200); // as Allow says
    }

    @Test
    void aTooLargeBodyIs413Json() throws IOException {
        String inc = PerfguardServer.API + "/incidents/" + s.openIncident();
        Raw big = raw("POST " + inc + "/deploy-notes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.tokens.get(Role.RESPONDER)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (PerfguardServer.MAX_REQUEST_BYTES + 1));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.error().path("message").asText()).contains(String.valueOf(PerfguardServer.MAX_REQUEST_BYTES));

        // without a Content-Length the body is counted as it arrives
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + inc + "/deploy-notes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.tokens.get(Role.RESPONDER)
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("100000\r\n" + " ".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (long sent = 0; sent <= PerfguardServer.MAX_REQUEST_BYTES; sent += 0x100000) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedByTheServer) {
                // the server answered and closed before the whole body was written
            }
            Raw chunked = parse(socket.getInputStream());
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(chunked.error().path("message").asText()).contains(String.valueOf(PerfguardServer.MAX_REQUEST_BYTES));
        }
    }

    @Test
    void unauthorizedCarriesTheBearerChallenge() {
        Raw none = raw(get("/api/v1/incidents"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(none.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"perfguard\"");
        Raw wrong = raw(get("/api/v1/incidents") + "\r\nAuthorization: Bearer pg_" + "0".repeat(64));
        assertThat(wrong.status()).isEqualTo(401);
        wrong.error();
        assertThat(wrong.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"perfguard\", error=\"invalid_token\"");
    }

    @Test
    void jettyLevelErrorsAreJsonToo() {
        Raw nul = raw(get("/api/v1/incidents/%00"));
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.error().path("code").asText()).isEqualTo("BAD_INPUT");

        Raw connect = raw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443");
        assertThat(connect.status()).isEqualTo(405);
        assertThat(connect.error().path("message").asText()).contains("not a proxy");

        Raw longUri = raw(get("/api/v1/incidents?q=" + "x".repeat(20_000)));
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.error().path("code").asText()).isEqualTo("BAD_INPUT");

        Raw bigHeaders = raw(get("/api/v1/incidents") + "\r\nX-Filler: " + "x".repeat(20_000));
        assertThat(bigHeaders.status()).isEqualTo(431);
        assertThat(bigHeaders.error().path("code").asText()).isEqualTo("BAD_INPUT");

        // more of what a parser or a URI check refuses: a bad escape in the path, an encoded dot segment, a header line without a colon, an unknown HTTP version
        for (String head : List.of(get("/api/v1/%zz"), get("/api/v1/incidents/%2e%2e/x"),
                get("/api/v1/incidents") + "\r\nno colon here", "GET /api/v1/incidents HTTP/9.9\r\nHost: 127.0.0.1")) {
            Raw r = raw(head);
            assertThat(r.status()).as(head).isBetween(400, 599);
            r.error();
        }
    }
}
