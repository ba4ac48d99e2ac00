package dev.perfguard.signals.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The response shapes documented at prometheus.io/docs/prometheus/latest/querying/api/. */
class ResponseParserTest {
    static QueryResponse parse(String json) {
        return ResponseParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "Prometheus http://p");
    }

    @Test
    void vectorWithLabelsAndFractionalTimes() {
        QueryResponse r = parse("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","job":"prometheus","instance":"localhost:9090"},"value":[1435781451.781,"1"]},
                  {"metric":{"job":"node"},"value":[1435781451,"0.25"]}]}}""");
        assertThat(r).isEqualTo(new QueryResponse.Vector(List.of(
                new QueryResponse.Sample(Map.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"),
                        Instant.ofEpochMilli(1435781451781L), 1),
                new QueryResponse.Sample(Map.of("job", "node"), Instant.ofEpochSecond(1435781451), 0.25)), List.of()));
        assertThat(((QueryResponse.Vector) r).samples().get(0).describe())
                .isEqualTo("{__name__=\"up\", instance=\"localhost:9090\", job=\"prometheus\"}");
    }

    @Test
    void specialValuesAreKept() {
        QueryResponse r = parse("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{},"value":[1,"NaN"]},{"metric":{},"value":[1,"+Inf"]},{"metric":{},"value":[1,"-Inf"]}]}}""");
        assertThat(((QueryResponse.Vector) r).samples()).extracting(QueryResponse.Sample::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void matrixScalarStringAndResultBeforeResultType() {
        QueryResponse m = parse("""
                {"status":"success","warnings":["w1"],"data":{"result":[{"metric":{"a":"b"},"values":[[10,"1"],[70,"2"]]}],
                 "resultType":"matrix"}}""");
        assertThat(m).isEqualTo(new QueryResponse.Matrix(List.of(new QueryResponse.RangeSeries(Map.of("a", "b"), List.of(
                new QueryResponse.Point(Instant.ofEpochSecond(10), 1), new QueryResponse.Point(Instant.ofEpochSecond(70), 2)))),
                List.of("w1")));
        assertThat(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[5.5,\"3.25\"]}}"))
                .isEqualTo(new QueryResponse.Scalar(Instant.ofEpochMilli(5500), 3.25, List.of()));
        assertThat(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[5,\"hello\"]}}"))
                .isEqualTo(new QueryResponse.Text(Instant.ofEpochSecond(5), "hello"));
        assertThat(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"))
                .isEqualTo(new QueryResponse.Vector(List.of(), List.of()));
    }

    @Test
    void errorEnvelopes() {
        assertThat(parse("""
                {"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:5: parse error"}"""))
                .isEqualTo(new QueryResponse.Failure(QueryResponse.Kind.QUERY_ERROR,
                        "Prometheus http://p: Prometheus error (bad_data): invalid parameter \"query\": 1:5: parse error"));
        assertThat(parse("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"))
                .extracting(r -> ((QueryResponse.Failure) r).kind()).isEqualTo(QueryResponse.Kind.TIMEOUT);
    }

    @Test
    void malformedBodiesAreFailuresNotExceptions() {
        String[] bodies = {
            "", "[]", "<html>502 Bad Gateway</html>", "{\"status\":\"success\"}",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}}",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"fast\"]}]}}",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"histogram\":[1,{}]}]}}",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"tensor\",\"result\":[]}}",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1e30,\"1\"]}}",
            "{\"status\":\"succ",
        };
        for (String b : bodies) {
            assertThat(parse(b)).as(b).isInstanceOfSatisfying(QueryResponse.Failure.class, f -> {
                assertThat(f.kind()).isEqualTo(QueryResponse.Kind.MALFORMED);
                assertThat(f.message()).startsWith("Prometheus http://p: not a Prometheus API response: ");
            });
        }
    }
}
