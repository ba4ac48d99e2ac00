package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.runbook.incident.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies are read strictly: a null element of any array, a time or duration outside the documented
 * range, a value of the wrong JSON type and anything after the document are 400 {@code BAD_INPUT} naming the
 * field (or the position), never a 500 and never silently converted.
 */
class RequestBodiesTest {
    @TempDir Path tmp;
    TestServer s;
    String inc;

    @BeforeEach
    void start() {
        s = new TestServer(tmp);
        inc = PerfguardServer.API + "/incidents/" + s.openIncident();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    Http.Answer post(String path, String body) {
        return s.http.post(path, s.tokens.get(Role.ADMIN), body);
    }

    /** A 400 BAD_INPUT whose message contains every one of {@code parts}. */
    void refused(Http.Answer a, String... parts) {
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().path("code").asText()).isEqualTo("BAD_INPUT");
        assertThat(a.json().path("message").asText()).contains(parts);
    }

    static String loadTest(String scenarios, String concurrency, String start) {
        return """
                {"scenarios":%s,"concurrency":%s,"dataRefresh":"none","start":%s}""".formatted(scenarios, concurrency, start);
    }

    @Test
    void nullElementsOfTheReportedBodiesNameTheField() {
        refused(post(inc + "/hypotheses", "{\"rootCause\":\"c\",\"flags\":[null]}"), "flags[0] is null");
        refused(post(inc + "/load-tests", loadTest("[\"search\",null]", "5", "\"2026-11-28T10:00:00Z\"")), "scenarios[1] is null");
        refused(post(PerfguardServer.API + "/incidents", "{\"discrepancies\":[null]}"), "discrepancies[0] is null");
        refused(post(inc + "/windows", "{\"start\":\"2026-11-27T09:00:00Z\",\"results\":[null]}"), "results[0] is null");
        refused(post(inc + "/load-tests/1/complete", "{\"verdict\":\"ACCEPT\",\"summary\":\"s\",\"recollected\":[null]}"),
                "recollected[0] is null");
    }

    @Test
    void timesOutsideTheDocumentedRangeAreRefusedAtTheEdge() {
        refused(post(inc + "/load-tests", loadTest("[\"search\"]", "5", "\"+999999999-12-31T23:59:59Z\"")),
                "start", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z");
        refused(post(inc + "/load-tests", loadTest("[\"search\"]", "5", "\"-999999999-01-01T00:00:00Z\"")), "start");
        refused(post(inc + "/load-tests", loadTest("[\"search\"]", "5", "1900000000")), "start", "ISO-8601"); // 2030, in seconds
        refused(post(inc + "/windows", "{\"start\":\"1969-12-31T23:00:00Z\",\"results\":[{\"metric\":\"m\",\"outcome\":\"BREACH\"}]}"),
                "start");
        refused(post(PerfguardServer.API + "/incidents", ServerTest.report(3400).replace("2026-11-27T10:19:00Z", "+10000-01-01T00:00:00Z")),
                "discrepancies[0].detectedAt");
        refused(post(inc + "/decision", """
                {"fixAvailable":false,"needsInfrastructure":false,"containment":"LEAVE_LIVE",
                 "riskAcceptance":{"acceptedBy":"cto","reason":"r","until":"+999999999-12-31T23:59:59Z"}}"""),
                "riskAcceptance.until");
        refused(post(inc + "/decision", "{\"fixAvailable\":true,\"fixEstimate\":\"PT2562047788015215H\",\"needsInfrastructure\":false}"),
                "fixEstimate");
        refused(post(inc + "/decision", "{\"fixAvailable\":true,\"fixEstimate\":2700,\"needsInfrastructure\":false}"), "fixEstimate");
        // the last instant of the range is still a time
        Http.Answer last = post(inc + "/load-tests", loadTest("[\"search\"]", "5", "\"9999-12-31T23:59:59Z\""));
        assertThat(last.status()).as(last.body()).isEqualTo(200);
    }

    @Test
    void jsonIsParsedStrictly() {
        refused(post(inc + "/transition", "{\"to\":\"INVESTIGATING\"} x"), "line 1, column");
        refused(post(inc + "/transition", "{\"to\":\"INVESTIGATING\"}{\"to\":\"MONITORING\"}"), "line 1, column 23");
        refused(post(inc + "/transition", "{\"to\":1}"), "to");
        refused(post(inc + "/load-tests", loadTest("[\"search\"]", "\"5\"", "\"2026-11-28T10:00:00Z\"")), "concurrency");
        refused(post(inc + "/load-tests", loadTest("[\"search\"]", "5.7", "\"2026-11-28T10:00:00Z\"")), "concurrency");
        refused(post(inc + "/load-tests", loadTest("[\"search\"]", "null", "\"2026-11-28T10:00:00Z\"")), "concurrency");
        refused(post(inc + "/load-tests", loadTest("[5]", "5", "\"2026-11-28T10:00:00Z\"")), "scenarios[0]");
        refused(post(inc + "/deploy-notes", "{\"text\":123}"), "text");
        refused(post(inc + "/deploy-notes", "{\"text\":true}"), "text");
        refused(post(inc + "/deploy-notes", "{\"text\":\"a\",\"text\":\"b\"}"), "text");
        refused(post(inc + "/decision", "{\"fixAvailable\":\"true\",\"fixEstimate\":\"PT45M\",\"needsInfrastructure\":false}"),
                "fixAvailable");
        refused(post(inc + "/decision", "{\"fixAvailable\":true,\"fixEstimate\":\"PT45M\",\"needsInfrastructure\":0}"),
                "needsInfrastructure");
        refused(post(inc + "/windows", "{\"start\":\"2026-11-27T09:00:00Z\",\"results\":[{\"metric\":\"m\",\"outcome\":\"BREACH\",\"value\":\"5\"}]}"),
                "results[0].value");
        refused(post(inc + "/load-tests/1/complete", """
                {"verdict":"ACCEPT","summary":"s","recollected":[{"metric":"rag.ndcg_cut_10","dataset":"golden","value":1e400}]}"""),
                "recollected[0].value");
        refused(post(inc + "/transition", "[]"), "JSON object");
        refused(post(inc + "/transition", "null"), "JSON object");

        JsonNode unchanged = s.http.get(inc, s.tokens.get(Role.VIEWER)).json().path("incident");
        assertThat(unchanged.path("state").asText()).isEqualTo("OPEN");
        assertThat(unchanged.path("deployNotes").size()).isZero();
        assertThat(unchanged.path("loadTests").size()).isZero();
        assertThat(unchanged.path("decision").isMissingNode() || unchanged.path("decision").isNull()).isTrue();
    }

    /** A number or boolean left out would otherwise be read as 0 or false. */
    @Test
    void numbersAndBooleansCannotBeLeftOut() {
        refused(post(inc + "/decision", "{\"fixAvailable\":true,\"fixEstimate\":\"PT45M\"}"), "needsInfrastructure is required");
        refused(post(inc + "/decision", "{\"needsInfrastructure\":false,\"containment\":\"FEATURE_FLAG_ROLLBACK\"}"),
                "fixAvailable is required");
        refused(post(inc + "/load-tests", "{\"scenarios\":[\"search\"],\"dataRefresh\":\"none\",\"start\":\"2026-11-28T10:00:00Z\"}"),
                "concurrency is required");
        refused(post(inc + "/load-tests/1/complete", """
                {"verdict":"ACCEPT","summary":"s","recollected":[{"metric":"rag.ndcg_cut_10","dataset":"golden"}]}"""),
                "recollected[0].value is required");
        refused(post(PerfguardServer.API + "/incidents", ServerTest.report(3400).replace("\"baseline\":2100,", "")),
                "discrepancies[0].evidence.baseline is required");
        refused(post(PerfguardServer.API + "/incidents", """
                {"discrepancies":[{"metric":"rag.map{dataset=golden}","evidence":{"type":"telemetry","limit":0.5,
                 "values":[{"windowStart":"2026-11-27T09:00:00Z"}]},"panels":[],"detectedAt":"2026-11-27T10:19:00Z"}]}"""),
                "discrepancies[0].evidence.values[0].value is required");
        JsonNode unchanged = s.http.get(inc, s.tokens.get(Role.VIEWER)).json().path("incident");
        assertThat(unchanged.path("loadTests").size()).isZero();
        assertThat(unchanged.path("decision").isMissingNode() || unchanged.path("decision").isNull()).isTrue();
    }

    /** One request: a body with {@code null} as the first element of the array at {@code field}. */
    record NullElement(String method, String path, String field, String body) {}

    /**
     * Reads the OpenAPI document the server serves and posts, for every array field of every JSON request
     * body (nested ones too, each variant of a {@code oneOf}), a body with a null element there.
     */
    @Test
    void everyArrayFieldOfEveryRequestBodyRefusesANullElement() {
        JsonNode doc = s.http.get(PerfguardServer.API + "/openapi.json", null).json();
        List<NullElement> cases = new ArrayList<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            JsonNode schema = m.getValue().path("requestBody").path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                String path = p.getKey().replace("{id}", inc.substring(inc.lastIndexOf('/') + 1)).replace("{n}", "1");
                for (Map.Entry<String, JsonNode> c : nullElementBodies(doc, schema, "").entrySet()) {
                    cases.add(new NullElement(m.getKey().toUpperCase(Locale.ROOT), path, c.getKey(), c.getValue().toString()));
                }
            }
        }));
        // discrepancies, panels, failingQueryIds, telemetry values, flags, scenarios, recollected, results
        assertThat(cases).extracting(NullElement::field).contains("discrepancies[0]", "discrepancies[0].panels[0]",
                "discrepancies[0].evidence.failingQueryIds[0]", "discrepancies[0].evidence.values[0]", "flags[0]", "scenarios[0]",
                "recollected[0]", "results[0]");
        for (NullElement c : cases) {
            Http.Answer a = s.http.send(c.method(), c.path(), s.tokens.get(Role.ADMIN), c.body());
            assertThat(a.status()).as(c + " -> " + a.body()).isEqualTo(400);
            assertThat(a.json().path("message").asText()).as(c.toString()).contains(c.field() + " is null");
        }
    }

    /** For each array reachable in {@code schema}: its field path with [0] and a body holding null there. */
    static Map<String, JsonNode> nullElementBodies(JsonNode doc, JsonNode schema, String at) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        schema = resolve(doc, schema);
        if (schema.has("oneOf")) {
            for (JsonNode alternative : schema.path("oneOf")) {
                out.putAll(nullElementBodies(doc, alternative, at));
            }
            return out;
        }
        if (schema.path("type").asText().equals("array")) {
            ArrayNode withNull = JsonNodeFactory.instance.arrayNode().addNull();
            out.put(at + "[0]", withNull);
            nullElementBodies(doc, schema.path("items"), at + "[0]").forEach((field, inner) ->
                    out.put(field, JsonNodeFactory.instance.arrayNode().add(inner)));
        } else if (schema.has("properties")) {
            schema.path("properties").properties().forEach(p -> nullElementBodies(doc, p.getValue(),
                    at.isEmpty() ? p.getKey() : at + "." + p.getKey()).forEach((field, inner) -> {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.set(p.getKey(), inner);
                out.put(field, o);
            }));
            // a variant's discriminator, so the body is read as that variant
            for (Map.Entry<String, JsonNode> f : out.entrySet()) {
                schema.path("properties").properties().forEach(p -> {
                    if (p.getValue().has("const") && f.getValue() instanceof ObjectNode o) {
                        o.set(p.getKey(), p.getValue().get("const"));
                    }
                });
            }
        }
        return out;
    }

    static JsonNode resolve(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : resolve(doc, doc.at(ref.substring(1)));
    }
}
