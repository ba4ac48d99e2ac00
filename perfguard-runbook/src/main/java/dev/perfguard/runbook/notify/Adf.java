package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/**
 * A small builder of Atlassian Document Format (ADF) documents, the rich-text JSON Jira Cloud REST v3
 * takes for descriptions and comment bodies: {@code {"type":"doc","version":1,"content":[...]}} with
 * block nodes (paragraph, heading, bulletList, table) holding inline {@code text} nodes. ADF refuses
 * empty text nodes, so empty texts become a dash.
 */
final class Adf {
    private final ArrayNode content = Json.array();

    ObjectNode doc() {
        ObjectNode doc = Json.object();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.set("content", content.deepCopy());
        return doc;
    }

    Adf heading(int level, String text) {
        ObjectNode h = node("heading");
        h.putObject("attrs").put("level", level);
        h.putArray("content").add(text(text));
        content.add(h);
        return this;
    }

    Adf paragraph(String text) {
        content.add(paragraphNode(text(text)));
        return this;
    }

    /** A paragraph of a label and a link. */
    Adf link(String before, String title, URI url) {
        content.add(paragraphNode(text(before), link(title, url)));
        return this;
    }

    Adf bullets(List<String> items) {
        if (items.isEmpty()) {
            return paragraph("none");
        }
        ObjectNode list = node("bulletList");
        ArrayNode li = list.putArray("content");
        for (String item : items) {
            ObjectNode entry = node("listItem");
            entry.putArray("content").add(paragraphNode(text(item)));
            li.add(entry);
        }
        content.add(list);
        return this;
    }

    Adf linkBullets(List<Message.Link> links) {
        if (links.isEmpty()) {
            return paragraph("none");
        }
        ObjectNode list = node("bulletList");
        ArrayNode li = list.putArray("content");
        for (Message.Link l : links) {
            ObjectNode entry = node("listItem");
            entry.putArray("content").add(paragraphNode(link(l.title(), l.url())));
            li.add(entry);
        }
        content.add(list);
        return this;
    }

    /** A table whose first row is a header row. */
    Adf table(List<String> header, List<List<String>> rows) {
        ObjectNode table = node("table");
        table.putObject("attrs").put("isNumberColumnEnabled", false).put("layout", "default");
        ArrayNode trs = table.putArray("content");
        trs.add(row(header, "tableHeader"));
        for (List<String> r : rows) {
            trs.add(row(r, "tableCell"));
        }
        content.add(table);
        return this;
    }

    private static ObjectNode row(List<String> cells, String cellType) {
        ObjectNode tr = node("tableRow");
        ArrayNode tds = tr.putArray("content");
        for (String c : cells) {
            ObjectNode td = node(cellType);
            td.putObject("attrs");
            td.putArray("content").add(paragraphNode(text(c)));
            tds.add(td);
        }
        return tr;
    }

    private static ObjectNode node(String type) {
        ObjectNode n = Json.object();
        n.put("type", type);
        return n;
    }

    private static ObjectNode paragraphNode(ObjectNode... inline) {
        ObjectNode p = node("paragraph");
        ArrayNode c = p.putArray("content");
        for (ObjectNode i : inline) {
            c.add(i);
        }
        return p;
    }

    private static ObjectNode text(String text) {
        ObjectNode t = node("text");
        t.put("text", text == null || text.isEmpty() ? "—" : text);
        return t;
    }

    private static ObjectNode link(String title, URI url) {
        ObjectNode t = text(title);
        ObjectNode mark = t.putArray("marks").addObject();
        mark.put("type", "link");
        mark.putObject("attrs").put("href", url.toString());
        return t;
    }
}
