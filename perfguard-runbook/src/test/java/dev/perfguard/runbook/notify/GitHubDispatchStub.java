package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub's "create a workflow dispatch event" as documented: {@code POST /repos/{owner}/{repo}/actions/workflows/
 * {workflow}/dispatches} with a bearer token (401 {@code {"message":"Bad credentials"}} otherwise), a JSON body with a
 * {@code ref} (422 {@code {"message":"Invalid request..."}} without), inputs the workflow declares (422 {@code
 * "Unexpected inputs provided: [...]"} otherwise), answered 204 with no body; an unknown workflow is 404.
 */
public final class GitHubDispatchStub implements AutoCloseable {
    public static final String TOKEN = "ghp_workflowDispatchSecret0123456789";
    public static final String PATH = "/repos/theo/web/actions/workflows/perf.yml/dispatches";

    private final List<String> declaredInputs;
    public final List<JsonNode> dispatches = new ArrayList<>();
    public final Stub server;

    public GitHubDispatchStub(List<String> declaredInputs) {
        this.declaredInputs = List.copyOf(declaredInputs);
        this.server = new Stub(this::handle);
    }

    public URI dispatchUrl() {
        return server.url().resolve(PATH);
    }

    synchronized Stub.Reply handle(Stub.Request r) {
        if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
            return Stub.Reply.json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
        }
        if (!r.method().equals("POST") || !r.path().equals(PATH)) {
            return Stub.Reply.json(404, "{\"message\":\"Not Found\"}");
        }
        JsonNode b = Json.parse(r.bodyText()).orElse(Json.object());
        if (!b.path("ref").isTextual()) {
            return Stub.Reply.json(422, "{\"message\":\"Invalid request.\\n\\n\\\"ref\\\" wasn't supplied.\"}");
        }
        List<String> unexpected = new ArrayList<>();
        b.path("inputs").fieldNames().forEachRemaining(n -> {
            if (!declaredInputs.contains(n)) {
                unexpected.add(n);
            }
        });
        if (!unexpected.isEmpty()) {
            return Stub.Reply.json(422, "{\"message\":\"Unexpected inputs provided: " + unexpected + "\"}");
        }
        dispatches.add(b);
        return Stub.Reply.empty(204);
    }

    @Override
    public void close() {
        server.close();
    }
}
