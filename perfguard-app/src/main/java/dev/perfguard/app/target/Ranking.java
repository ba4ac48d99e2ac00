package dev.perfguard.app.target;

/** How {@code /search} ranks: the real scorer, or the worse one the {@code naive-ranking} flag switches to. */
enum Ranking {
    /** Lucene's BM25 (k1 1.2, b 0.75) over title and abstract. */
    BM25("bm25"),
    /** Lucene's ClassicSimilarity (TF-IDF) over the titles alone: the degraded ranking. */
    NAIVE("naive");

    private final String wireName;

    Ranking(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
