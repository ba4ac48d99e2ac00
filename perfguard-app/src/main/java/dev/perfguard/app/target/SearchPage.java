package dev.perfguard.app.target;

import java.util.List;
import java.util.Locale;

/**
 * The demo target's one HTML page: a search form and, when asked, the hits. Self-contained (inline style,
 * no script, no external resource, the empty data-URL icon so no favicon request fails), for Lighthouse.
 */
final class SearchPage {
    private SearchPage() {}

    static String render(String query, List<SearchIndex.Hit> hits, int documents, Ranking ranking) {
        StringBuilder b = new StringBuilder(4096);
        b.append("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="description" content="Search the Cranfield aeronautics abstracts: perfguard's demo target.">
                <link rel="icon" href="data:,">
                <title>""").append(query.isEmpty() ? "" : escape(query) + " – ").append("""
                Cranfield search</title>
                <style>
                body{font-family:system-ui,sans-serif;line-height:1.5;max-width:44rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
                form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:flex-end}
                label{display:block;font-weight:600}
                input{font:inherit;padding:.5rem;border:1px solid #555;border-radius:4px;min-width:16rem}
                button{font:inherit;padding:.5rem 1rem;border:0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer}
                ol{padding-left:1.5rem}
                li{margin:.5rem 0}
                .meta{color:#444;font-size:.9rem}
                </style>
                </head>
                <body>
                <main>
                <h1>Cranfield search</h1>
                <p>""").append(documents).append("""
                 aeronautics abstracts from the Cranfield collection, served by perfguard's demo target.</p>
                <form action="/" method="get" role="search">
                <div><label for="q">Search the abstracts</label>
                <input id="q" name="q" type="search" value=\"""").append(escape(query)).append("""
                " maxlength="1000" required></div>
                <button type="submit">Search</button>
                </form>
                """);
        if (!query.isEmpty()) {
            b.append("<h2>").append(hits.isEmpty() ? "No documents match" : hits.size() + " best matches")
                    .append("</h2>\n<p class=\"meta\">Ranked by ").append(ranking == Ranking.BM25 ? "BM25 over title and abstract"
                            : "TF-IDF over titles only (the naive-ranking flag is on)").append(".</p>\n");
            if (!hits.isEmpty()) {
                b.append("<ol>\n");
                for (SearchIndex.Hit h : hits) {
                    b.append("<li>").append(h.title().isEmpty() ? "(untitled)" : escape(h.title()))
                            .append(" <span class=\"meta\">document ").append(escape(h.id()))
                            .append(String.format(Locale.ROOT, ", score %.2f", h.score())).append("</span></li>\n");
                }
                b.append("</ol>\n");
            }
        }
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
