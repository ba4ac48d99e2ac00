package dev.perfguard.app.target;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.ClassicSimilarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The Cranfield documents in an in-memory Lucene index ({@link ByteBuffersDirectory}), analysed by Lucene's
 * {@link EnglishAnalyzer} (standard tokenizer, lower case, English stop words, Porter stemmer).
 *
 * <p>Two fields are searched: {@code text} (title and abstract) with BM25 for {@link Ranking#BM25}, and
 * {@code title} alone with TF-IDF ({@link ClassicSimilarity}) for {@link Ranking#NAIVE}. A query is its
 * analysed terms as optional clauses (no query syntax: any text is a valid query). Both similarities read
 * the same length norms, so one index serves both. Searching is thread-safe.
 */
final class SearchIndex implements AutoCloseable {
    /** One ranked document. */
    record Hit(String id, String title, float score) {
        Hit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
        }
    }

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher bm25;
    private final IndexSearcher naive;

    SearchIndex(List<Cranfield.Document> documents) {
        try {
            try (IndexWriter w = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (Cranfield.Document d : documents) {
                    Document doc = new Document();
                    doc.add(new StringField("id", d.id(), Field.Store.YES));
                    doc.add(new TextField("title", d.title(), Field.Store.YES));
                    doc.add(new TextField("text", d.title() + "\n" + d.text(), Field.Store.NO));
                    w.addDocument(doc);
                }
            }
            reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.INTERNAL, "cannot build the in-memory index: " + e.getMessage(), e);
        }
        bm25 = new IndexSearcher(reader);
        bm25.setSimilarity(new BM25Similarity());
        naive = new IndexSearcher(reader);
        naive.setSimilarity(new ClassicSimilarity());
    }

    int size() {
        return reader.numDocs();
    }

    /** The top {@code k} documents for {@code text}, best first; none when the text has no searchable term. */
    List<Hit> search(String text, int k, Ranking ranking) {
        String field = ranking == Ranking.BM25 ? "text" : "title";
        IndexSearcher searcher = ranking == Ranking.BM25 ? bm25 : naive;
        Query query = query(field, text);
        if (query == null) {
            return List.of();
        }
        try {
            ScoreDoc[] top = searcher.search(query, k).scoreDocs;
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>(top.length);
            for (ScoreDoc sd : top) {
                Document d = stored.document(sd.doc);
                hits.add(new Hit(d.get("id"), d.get("title"), sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("searching the in-memory index", e);
        }
    }

    private Query query(String field, String text) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                b.add(new TermQuery(new Term(field, term.toString())), BooleanClause.Occur.SHOULD);
                clauses++;
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a query", e);
        }
        return clauses == 0 ? null : b.build();
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        analyzer.close();
    }
}
