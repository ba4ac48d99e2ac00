package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentJson;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An artefact over the size limit is refused with its real size and the limit, never the number of bytes
 * perfguard happened to read before it stopped; without a Content-Length the real size is not known, and
 * the answer says it is larger than the limit.
 */
class ArtefactLimitTest {
    @TempDir Path tmp;
    PerfguardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    String responder;

    /** A server whose artefacts may have {@code limit} bytes, with one incident; the incident's artefact path. */
    String start(long limit) {
        Store store = TestStores.open(TestStores.Kind.SQLITE, tmp);
        MutableClock clock = new MutableClock(ServerTest.T0);
        ApiTokens tokens = new ApiTokens(store, clock);
        responder = tokens.create("rita", Role.RESPONDER).token();
        server = PerfguardServer.start(new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.none(), limit), clock), new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE), tokens, clock,
                "theo-engine-web", "127.0.0.1", 0);
        Http http = new Http("http://127.0.0.1:" + server.port());
        Http.Answer opened = http.post("/api/v1/incidents", responder, ServerTest.report(3400));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return "/api/v1/incidents/" + opened.json().path("incident").path("id").asText() + "/artefacts/";
    }

    /** PUTs {@code content}, with a Content-Length or chunked, and expects a 400; its message. */
    String refused(String path, byte[] content, boolean withLength) throws Exception {
        HttpRequest.BodyPublisher body = withLength ? HttpRequest.BodyPublishers.ofByteArray(content)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + path)).header("Authorization", "Bearer " + responder)
                .PUT(body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = IncidentJson.read(r.body(), JsonNode.class, "answer");
        assertThat(error.path("code").asText()).isEqualTo("BAD_INPUT");
        return error.path("message").asText();
    }

    @Test
    void theDefaultLimitAndTheRealSizeAreSaid() throws Exception {
        String path = start(IncidentService.Settings.DEFAULT_MAX_ARTEFACT_BYTES);
        byte[] twelveMiB = new byte[12 * 1024 * 1024];

        assertThat(refused(path + "big.bin", twelveMiB, true))
                .isEqualTo("artefact big.bin is 12582912 bytes (12 MiB); at most 10485760 bytes (10 MiB) allowed");
        assertThat(refused(path + "big.bin", twelveMiB, false))
                .isEqualTo("artefact big.bin is larger than the 10 MiB limit (10485760 bytes)");
    }

    @Test
    void aSmallLimitToo() throws Exception {
        String path = start(1024);

        assertThat(refused(path + "x.json", new byte[5000], true))
                .isEqualTo("artefact x.json is 5000 bytes (4.9 KiB); at most 1024 bytes (1 KiB) allowed");
        assertThat(refused(path + "x.json", new byte[1025], false))
                .isEqualTo("artefact x.json is larger than the 1 KiB limit (1024 bytes)");
    }
}
