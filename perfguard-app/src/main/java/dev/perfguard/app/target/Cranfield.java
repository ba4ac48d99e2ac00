package dev.perfguard.app.target;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Cranfield 1400 collection as the demo target uses it: documents, queries and graded judgments,
 * read from the copy under {@code resources/dev/perfguard/app/target/cranfield/} (its README says where
 * it came from).
 *
 * <p>Two traps of the files are handled here, and only here:
 * <ul>
 *   <li>{@code cran.qry} numbers its queries 001, 002, 004, ... 365, while {@code cranqrel} numbers them
 *       1 ... 225 in file order. A query's {@link Query#id()} is its position in {@code cran.qry} (1-based),
 *       the number the judgments use; {@link Query#fileNumber()} keeps the {@code .I} number for reference.</li>
 *   <li>Every query has one judgment line with code {@code -1}: it is read as not relevant (gain 0). The
 *       other codes are "lower is more relevant", 1 (complete answer) to 4 (minimum interest); the gain is
 *       {@code 5 - code}, so 1 → 4 ... 4 → 1 (5, "no interest", never occurs and would be gain 0).</li>
 * </ul>
 *
 * @param documents in file order; ids are the {@code .I} numbers as written ("1" ... "1400")
 * @param queries in file order; ids "1" ... "225"
 * @param gains query id → document id → gain (0 ... 4), every judgment line of {@code cranqrel}
 */
record Cranfield(List<Document> documents, List<Query> queries, Map<String, Map<String, Integer>> gains) {
    static final String RESOURCES = "/dev/perfguard/app/target/cranfield/";

    /** One abstract; {@code title} and {@code text} (the {@code .W} abstract) may be empty, as a few are. */
    record Document(String id, String title, String text) {
        Document {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
        }
    }

    /** One query: {@code id} is the judgments' number (position in cran.qry), {@code fileNumber} its {@code .I}. */
    record Query(String id, String fileNumber, String text) {
        Query {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(fileNumber, "fileNumber");
            Objects.requireNonNull(text, "text");
        }
    }

    Cranfield {
        documents = List.copyOf(documents);
        queries = List.copyOf(queries);
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        gains.forEach((q, g) -> copy.put(q, Collections.unmodifiableMap(new LinkedHashMap<>(g))));
        gains = Collections.unmodifiableMap(copy);
    }

    /** The copy shipped in the jar. */
    static Cranfield load() {
        return parse(resource("cran.all.1400"), resource("cran.qry"), resource("cranqrel"));
    }

    static String resource(String name) {
        try (InputStream in = Cranfield.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new PerfguardException(ErrorCode.INTERNAL, "the Cranfield file " + RESOURCES + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.INTERNAL, "cannot read " + RESOURCES + name + ": " + e.getMessage(), e);
        }
    }

    static Cranfield parse(String all, String qry, String qrel) {
        List<Document> docs = new ArrayList<>();
        for (Record r : records("cran.all.1400", all)) {
            docs.add(new Document(r.number(), r.field('T'), r.field('W')));
        }
        List<Query> queries = new ArrayList<>();
        for (Record r : records("cran.qry", qry)) {
            queries.add(new Query(Integer.toString(queries.size() + 1), r.number(), r.field('W')));
        }
        Map<String, Map<String, Integer>> gains = new LinkedHashMap<>();
        String[] lines = qrel.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = "cranqrel:" + (i + 1);
            if (f.length != 3) {
                throw PerfguardException.badInput(where + ": expected 'query doc code', got '" + line + "'");
            }
            int query = number(where, "query", f[0]);
            int doc = number(where, "doc", f[1]);
            int code = number(where, "code", f[2]);
            if (query < 1 || query > queries.size()) {
                throw PerfguardException.badInput(where + ": query " + query + " is not one of the " + queries.size()
                        + " queries of cran.qry (cranqrel numbers them 1.." + queries.size() + " in file order)");
            }
            if (doc < 1 || doc > docs.size()) {
                throw PerfguardException.badInput(where + ": doc " + doc + " is not one of the " + docs.size() + " documents");
            }
            if (code != -1 && (code < 1 || code > 5)) {
                throw PerfguardException.badInput(where + ": code " + code + " is not -1 or 1..5");
            }
            Integer before = gains.computeIfAbsent(Integer.toString(query), k -> new LinkedHashMap<>())
                    .put(Integer.toString(doc), gain(code));
            if (before != null) {
                throw PerfguardException.badInput(where + ": query " + query + " judges doc " + doc + " twice");
            }
        }
        return new Cranfield(docs, queries, gains);
    }

    /** The gain of a relevance code: -1 (and 5, no interest) are 0; 1 ... 4 are 4 ... 1. */
    static int gain(int code) {
        return code < 1 || code > 4 ? 0 : 5 - code;
    }

    /** The judgments of {@code queryId}: document id → gain, empty when the query is not judged. */
    Map<String, Integer> judged(String queryId) {
        return gains.getOrDefault(queryId, Map.of());
    }

    /** The rag-eval query set: JSON Lines, {@code {"query_id": "1", "query": "..."}} per query, in order. */
    String queriesJsonl() {
        StringBuilder b = new StringBuilder();
        for (Query q : queries) {
            b.append("{\"query_id\": \"").append(q.id()).append("\", \"query\": ").append(Json.string(q.text())).append("}\n");
        }
        return b.toString();
    }

    /** The rag-eval qrels: TREC {@code qid 0 doc gain}, every judgment line, the -1 lines as gain 0. */
    String trecQrels() {
        StringBuilder b = new StringBuilder();
        gains.forEach((q, g) -> g.forEach((d, gain) -> b.append(q).append(" 0 ").append(d).append(' ').append(gain).append('\n')));
        return b.toString();
    }

    private record Record(String number, Map<Character, String> fields) {
        String field(char name) {
            return fields.getOrDefault(name, "");
        }
    }

    /** Splits a SMART-style file into {@code .I} records whose {@code .X} fields are joined into one line each. */
    private static List<Record> records(String file, String text) {
        List<Record> out = new ArrayList<>();
        String number = null;
        Map<Character, StringBuilder> fields = null;
        StringBuilder current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.startsWith(".I")) {
                if (number != null) {
                    out.add(done(number, fields));
                }
                number = line.substring(2).strip();
                if (!number.matches("\\d+")) {
                    throw PerfguardException.badInput(file + ":" + (i + 1) + ": '.I' without a number");
                }
                fields = new LinkedHashMap<>();
                current = null;
            } else if (line.length() == 2 && line.charAt(0) == '.' && Character.isUpperCase(line.charAt(1))) {
                if (fields == null) {
                    throw PerfguardException.badInput(file + ":" + (i + 1) + ": field " + line + " before the first .I");
                }
                current = fields.computeIfAbsent(line.charAt(1), k -> new StringBuilder());
            } else if (current != null && !line.isBlank()) {
                if (!current.isEmpty()) {
                    current.append(' ');
                }
                current.append(line.strip());
            }
        }
        if (number != null) {
            out.add(done(number, fields));
        }
        return out;
    }

    private static Record done(String number, Map<Character, StringBuilder> fields) {
        Map<Character, String> f = new LinkedHashMap<>();
        fields.forEach((k, v) -> f.put(k, v.toString()));
        return new Record(number, f);
    }

    private static int number(String where, String field, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput(where + ": " + field + " '" + text + "' is not a whole number");
        }
    }
}
