package dev.perfguard.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiClientTest {
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            int status = Integer.parseInt(ex.getRequestURI().getPath().substring(1));
            byte[] body = ("{\"code\":\"X\",\"message\":\"answer " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** What the caller sent wrong is bad input (exit 2), whichever status says so; the server's trouble is REMOTE (exit 3). */
    @ParameterizedTest
    @CsvSource({"400,BAD_INPUT", "413,BAD_INPUT", "414,BAD_INPUT", "431,BAD_INPUT", "401,USAGE", "403,USAGE",
            "404,NOT_FOUND", "409,CONFLICT", "405,REMOTE", "500,REMOTE", "503,REMOTE"})
    void errorAnswersBecomeTheMatchingErrorCode(int status, ErrorCode expected) {
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), Optional.empty());
        assertThatThrownBy(() -> client.getText("/" + status))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(expected))
                .hasMessageContaining("HTTP " + status + ": answer " + status);
    }
}
