package dev.perfguard.signals.rageval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.PerfguardException;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String template, String id, String query, int k) throws Exception {
        return JSON.readTree(RequestTemplate.parse(template).render(id, query, k));
    }

    @Test
    void wholeValuePlaceholdersBecomeAStringAndANumber() throws Exception {
        JsonNode b = body("{\"query\": {{query}}, \"top_k\": {{top_k}}, \"id\": {{query_id}}}", "q7", "jet engine", 10);
        assertThat(b.get("query").isTextual()).isTrue();
        assertThat(b.get("query").asText()).isEqualTo("jet engine");
        assertThat(b.get("top_k").isInt()).isTrue();
        assertThat(b.get("top_k").asInt()).isEqualTo(10);
        assertThat(b.get("id").asText()).isEqualTo("q7");
    }

    @Test
    void anyQueryTextIsEscapedCorrectly() throws Exception {
        String nasty = "say \"hi\"\\ then\nnew line\ttab \u0001 {{query}} é 🚀 </script>";
        JsonNode b = body("{\"q\": {{query}}}", "1", nasty, 5);
        assertThat(b.get("q").asText()).isEqualTo(nasty);
    }

    @Test
    void placeholdersInsideStringsAndNestedContainersAreReplacedInTheText() throws Exception {
        JsonNode b = body("{\"params\": {\"q\": \"title:({{query}})\", \"rows\": [{{top_k}}, \"k={{top_k}}\"]}, \"meta\": [\"{{query_id}}\"]}",
                "q1", "wing \"flutter\"", 3);
        assertThat(b.at("/params/q").asText()).isEqualTo("title:(wing \"flutter\")");
        assertThat(b.at("/params/rows/0").asInt()).isEqualTo(3);
        assertThat(b.at("/params/rows/1").asText()).isEqualTo("k=3");
        assertThat(b.at("/meta/0").asText()).isEqualTo("q1");
    }

    @Test
    void theTemplateIsUsedManyTimesUnchanged() throws Exception {
        RequestTemplate t = RequestTemplate.parse("{\"q\": {{query}}}");
        assertThat(JSON.readTree(t.render("1", "a", 1)).get("q").asText()).isEqualTo("a");
        assertThat(JSON.readTree(t.render("2", "b", 1)).get("q").asText()).isEqualTo("b");
        assertThat(t).hasToString("{\"q\": {{query}}}");
    }

    @Test
    void aMalformedTemplateIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> RequestTemplate.parse("{\"q\": {{query}}")).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("is not JSON once {{query}}");
        assertThatThrownBy(() -> RequestTemplate.parse("{{query}}")).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("must be a JSON object or array");
        assertThatThrownBy(() -> RequestTemplate.parse("{\"q\": {{unknown}}}")).isInstanceOf(PerfguardException.class);
    }
}
