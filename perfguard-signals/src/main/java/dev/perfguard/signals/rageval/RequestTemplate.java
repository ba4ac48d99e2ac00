package dev.perfguard.signals.rageval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON body sent for each query: a JSON document in which {@code {{query}}}, {@code {{query_id}}}
 * and {@code {{top_k}}} stand for the query's text, its id and the number of hits asked for. A
 * placeholder that is a whole value ({@code {"q": {{query}}}}) becomes that value, a string or a number;
 * one inside a string ({@code "text: {{query}}"}) is replaced in the text. The template is parsed once,
 * so a malformed one is refused before any request; each body is then built as a tree and written by
 * Jackson, so any query text is escaped correctly.
 */
public final class RequestTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("query", "query_id", "top_k");
    /** Stands for a placeholder inside the parsed tree: NUL never appears in a JSON text unescaped. */
    private static final char MARK = '\u0000';

    private final String text;
    private final JsonNode tree;

    private RequestTemplate(String text, JsonNode tree) {
        this.text = text;
        this.tree = tree;
    }

    /** Parses {@code text}; {@code BAD_INPUT} when it is not JSON once its placeholders stand for values. */
    public static RequestTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder marked = new StringBuilder(text.length() + 16);
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String name = placeholderAt(text, i);
            if (name != null) {
                String mark = MARK + name + MARK;
                marked.append(inString ? mark : '"' + mark + '"');
                i += name.length() + 3;
                continue;
            }
            if (c == '"' && !escaped(text, i)) {
                inString = !inString;
            }
            marked.append(c);
        }
        try {
            JsonNode tree = JSON.readTree(marked.toString().replace(String.valueOf(MARK), "\\u0000"));
            if (tree == null || !tree.isContainerNode()) {
                throw PerfguardException.badInput("request template '" + text + "' must be a JSON object or array");
            }
            return new RequestTemplate(text, tree);
        } catch (JsonProcessingException e) {
            throw PerfguardException.badInput("request template '" + text + "' is not JSON once {{query}}, {{query_id}} and"
                    + " {{top_k}} stand for values: " + e.getOriginalMessage());
        }
    }

    /** The body for one query, as JSON text. */
    public String render(String queryId, String query, int topK) {
        Map<String, JsonNode> values = Map.of("query", TextNode.valueOf(query), "query_id", TextNode.valueOf(queryId),
                "top_k", IntNode.valueOf(topK));
        try {
            return JSON.writeValueAsString(fill(tree.deepCopy(), values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private static JsonNode fill(JsonNode node, Map<String, JsonNode> values) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                o.set(n, fill(o.get(n), values));
            }
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, fill(a.get(i), values));
            }
            return a;
        }
        if (node.isTextual() && node.textValue().indexOf(MARK) >= 0) {
            String t = node.textValue();
            for (String name : NAMES) {
                String mark = MARK + name + MARK;
                if (t.equals(mark)) {
                    return values.get(name);
                }
                t = t.replace(mark, values.get(name).asText());
            }
            return TextNode.valueOf(t);
        }
        return node;
    }

    private static String placeholderAt(String text, int i) {
        if (!text.startsWith("{{", i)) {
            return null;
        }
        for (String name : NAMES) {
            if (text.startsWith("{{" + name + "}}", i)) {
                return name;
            }
        }
        return null;
    }

    private static boolean escaped(String text, int quote) {
        int backslashes = 0;
        for (int j = quote - 1; j >= 0 && text.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
