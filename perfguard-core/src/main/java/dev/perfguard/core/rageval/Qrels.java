package dev.perfguard.core.rageval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Relevance judgments of every query, by query id. Immutable. */
public final class Qrels {
    private final String source;
    private final Map<String, Judgments> byQuery;
    private final List<String> sortedQids;

    public Qrels(String source, Map<String, Judgments> byQuery) {
        this.source = Objects.requireNonNull(source, "source");
        this.byQuery = Collections.unmodifiableMap(new LinkedHashMap<>(byQuery));
        List<String> ids = new ArrayList<>(byQuery.keySet());
        ids.sort(Bytes::compare);
        this.sortedQids = List.copyOf(ids);
    }

    /** Where the qrels came from (a file name), for messages. */
    public String source() {
        return source;
    }

    /** The judgments of a query, or null when the qrels have none. */
    public Judgments get(String qid) {
        return byQuery.get(qid);
    }

    /** Query ids in C strcmp order. */
    public List<String> queryIds() {
        return sortedQids;
    }

    /** Collects judgments line by line, in any query order. */
    public static final class Builder {
        private final String source;
        private final Map<String, Judgments.Builder> builders = new LinkedHashMap<>();

        public Builder(String source) {
            this.source = source;
        }

        /** The builder of one query's judgments. */
        public Judgments.Builder query(String qid) {
            return builders.computeIfAbsent(qid, q -> new Judgments.Builder(q, source));
        }

        public Qrels build() {
            Map<String, Judgments> m = new LinkedHashMap<>();
            builders.forEach((q, b) -> m.put(q, b.build()));
            return new Qrels(source, m);
        }
    }
}
