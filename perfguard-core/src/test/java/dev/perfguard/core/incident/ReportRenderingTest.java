package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Golden Markdown: the expected files live in src/test/resources. To update them after an intended
 * change, run with -Dperfguard.golden.write=DIR, review the files written to DIR, and copy them over.
 */
class ReportRenderingTest {

    private static String golden(String name, String actual) {
        String dir = System.getProperty("perfguard.golden.write");
        if (dir != null) {
            try {
                Files.writeString(Path.of(dir, name), actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = ReportRenderingTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void closedIncidentReport() {
        String actual = PostIncidentReport.render(IncidentFixtures.closed());

        assertThat(actual).isEqualTo(golden("closed-incident-report.md", actual));
    }

    @Test
    void freshIncidentReportSaysWhatIsMissing() {
        Discrepancy lcp = new Discrepancy("lighthouse.lcp_ms{page=/,preset=mobile}",
                new Evidence.LighthouseDelta(2100, 2650.25, "ms", 5),
                List.of(new PanelLink("Web Vitals | LCP",
                        URI.create("https://grafana.theo.internal/d/web-vitals/core-web-vitals-overview"))),
                IncidentFixtures.T0);
        Discrepancy cls = new Discrepancy("lighthouse.cls", new Evidence.LighthouseDelta(0.05, 0.02, "", 1),
                List.of(), IncidentFixtures.T0);
        Incident open = Incident.open("INC-8", "theo-engine-web", List.of(lcp, cls), "perfguard-ci", IncidentFixtures.T0);

        String actual = PostIncidentReport.render(open);

        assertThat(actual).isEqualTo(golden("open-incident-report.md", actual));
    }

    @Test
    void renderingDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String german = PostIncidentReport.render(IncidentFixtures.closed());
            Locale.setDefault(Locale.ROOT);
            assertThat(german).isEqualTo(PostIncidentReport.render(IncidentFixtures.closed())).contains("0.7125");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void riskAcceptanceAndEscapingAreRendered() {
        RiskAcceptance risk = new RiskAcceptance("tl-maria", "launch week;\nrevisit after", Instant.parse(
                "2026-12-04T10:00:00Z"));
        Discrepancy d = new Discrepancy("rag.mrr|x", new Evidence.RagEvalChange("golden", 0.5, 0.4, List.of()),
                List.of(new PanelLink("Quality [beta]", URI.create("https://g.example/d/x?q=(a)"))), IncidentFixtures.T0);
        Incident i = Incident.open("INC-9", "svc", List.of(d), "ci", IncidentFixtures.T0)
                .decide(MitigationFacts.noFix(MitigationFacts.Containment.TRAFFIC_SHAPING, Optional.of(risk)),
                        "alice", IncidentFixtures.at(10));

        String report = PostIncidentReport.render(i);

        assertThat(report)
                .contains("- Containment: traffic-shaping\n")
                .contains("- Risk accepted by tl-maria until 2026-12-04 10:00:00 UTC: launch week; revisit after\n")
                .contains("- [ ] Task 3: Review the risk accepted by tl-maria before it ends at 2026-12-04T10:00:00Z\n")
                .contains("| `rag.mrr\\|x` |")
                .contains("[Quality \\[beta\\]](https://g.example/d/x?q=%28a%29)");
    }

    @Test
    void lessonsEntry() {
        String actual = LessonsEntry.render(IncidentFixtures.closed());

        assertThat(actual).isEqualTo(golden("lessons-entry.md", actual));
    }

    @Test
    void lessonsNeedTheSummary() {
        assertThatThrownBy(() -> LessonsEntry.render(IncidentFixtures.opened()))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("no post-incident summary");
    }

    @Test
    void lessonsAreAddedUnderTheirHeadingCreatedWhenMissing() {
        String entry = LessonsEntry.render(IncidentFixtures.closed());
        String doc = "# Performance operations\n\nDashboards: see Grafana.\n";

        String once = LessonsEntry.insert(doc, "INC-7", entry);

        assertThat(once).isEqualTo(doc + "\n" + LessonsEntry.HEADING + "\n\n" + entry);
        assertThat(LessonsEntry.insert(once, "INC-7", entry)).isEqualTo(once);
    }

    @Test
    void lessonsGoAtTheEndOfTheirSectionBeforeTheNextOne() {
        String entry = LessonsEntry.render(IncidentFixtures.closed());
        String doc = "# Ops\n\n" + LessonsEntry.HEADING + "\n\nolder lesson\n\n## Links\n\n- x\n";

        assertThat(LessonsEntry.insert(doc, "INC-7", entry))
                .isEqualTo("# Ops\n\n" + LessonsEntry.HEADING + "\n\nolder lesson\n\n" + entry + "\n## Links\n\n- x\n");
    }

    @Test
    void anExistingHeadingAtTheEndIsReusedWithOneBlankLine() {
        String entry = LessonsEntry.render(IncidentFixtures.closed());
        String expected = "# Ops\n\n" + LessonsEntry.HEADING + "\n\n" + entry;

        assertThat(LessonsEntry.insert("# Ops\n\n" + LessonsEntry.HEADING, "INC-7", entry)).isEqualTo(expected);
        assertThat(LessonsEntry.insert("# Ops\n\n" + LessonsEntry.HEADING + "\n\n", "INC-7", entry)).isEqualTo(expected);
        assertThat(LessonsEntry.insert("", "INC-7", entry)).isEqualTo(LessonsEntry.HEADING + "\n\n" + entry);
    }

    @Test
    void anExistingEntryIsReplacedInPlace() {
        String entry = LessonsEntry.render(IncidentFixtures.closed());
        String old = entry.replace("Rolled reranker v2 back", "OLD TEXT");
        String doc = "# Ops\n\n" + LessonsEntry.HEADING + "\n\n" + old + "\n## Links\n";

        String updated = LessonsEntry.insert(doc, "INC-7", entry);

        assertThat(updated).isEqualTo("# Ops\n\n" + LessonsEntry.HEADING + "\n\n" + entry + "\n## Links\n");
        assertThat(updated).doesNotContain("OLD TEXT");
    }

    @Test
    void aBrokenEntryIsNotGuessedAt() {
        String entry = LessonsEntry.render(IncidentFixtures.closed());
        String broken = "<!-- perfguard:lessons INC-7 begin -->\nhalf\n";

        assertThatThrownBy(() -> LessonsEntry.insert(broken, "INC-7", entry))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("no end marker");
        assertThatThrownBy(() -> LessonsEntry.insert("", "INC-9", entry)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersAreRoundedForPeople() {
        Discrepancy lcp = new Discrepancy("lighthouse.lcp_ms{page=/,preset=mobile}",
                new Evidence.LighthouseDelta(350.1234, 365.6012, "ms", 5), List.of(), IncidentFixtures.T0);
        Discrepancy score = new Discrepancy("lighthouse.score{page=/,preset=mobile}",
                new Evidence.LighthouseDelta(0.995, 0.5412, "", 5), List.of(), IncidentFixtures.T0);
        Discrepancy cls = new Discrepancy("lighthouse.cls{page=/,preset=mobile}",
                new Evidence.LighthouseDelta(0.01234, 0.25519, "", 5), List.of(), IncidentFixtures.T0);
        String report = PostIncidentReport.render(Incident.open("INC-9", "theo-engine-web", List.of(lcp, score, cls),
                "perfguard-ci", IncidentFixtures.T0));

        assertThat(report).contains("| 350.1 ms | 365.6 ms | +15.5 ms |")
                .contains("| 1 | 0.54 | -0.45 |")
                .contains("| 0.012 | 0.255 | +0.243 |")
                .doesNotContain("365.6012").doesNotContain("0.5412");
    }

    @Test
    void ciMetricsWithLabDeltaEvidenceNameTheirFamilyNotLighthouse() {
        Discrepancy jmh = new Discrepancy("jmh.a.B.read{mode=avgt}", new Evidence.LighthouseDelta(1.9, 2.6, "ms/op", 6),
                List.of(), IncidentFixtures.T0);
        String report = PostIncidentReport.render(Incident.open("INC-10", "svc", List.of(jmh), "perfguard-ingest", IncidentFixtures.T0));
        assertThat(report).contains("| jmh (6 samples) |").doesNotContain("Lighthouse (");
    }

    static final String HOSTILE = "<img src=x onerror=alert(1)> & <!-- perfguard:lessons INC-66 end --> [click](javascript:x) **b**";

    /** An incident whose every user text is hostile: raw HTML, the lessons end marker, link and emphasis syntax. */
    static Incident hostile() {
        Discrepancy d = new Discrepancy("rag.mrr`<b>", new Evidence.RagEvalChange("gold<en>", 0.5, 0.4, List.of("q<1>")),
                List.of(new PanelLink("Q <script>", URI.create("https://g.example/d/x"))), IncidentFixtures.T0);
        Incident i = Incident.open("INC-66", "svc", List.of(d), "ci", IncidentFixtures.T0)
                .addHypothesis(HOSTILE, OwnershipRules.none().resolve(List.of("rag.mrr"), Optional.empty()),
                        List.of(new FlagState("flag`<i>", "on")), "eve<b>", IncidentFixtures.at(5))
                .addDeployNote(HOSTILE + "\n# heading", "eve", IncidentFixtures.at(6))
                .addFollowUp(FollowUp.Kind.MISSING_BASELINE, HOSTILE, Optional.empty(), "eve", IncidentFixtures.at(7));
        return i.writeSummary(HOSTILE + "\n# not a heading\n<!-- perfguard:lessons INC-66 begin -->", HOSTILE, "eve",
                IncidentFixtures.at(8));
    }

    @Test
    void userTextIsEscapedInTheReportAndTheLessonsEntry() {
        for (String rendered : List.of(PostIncidentReport.render(hostile()), LessonsEntry.render(hostile()))) {
            // inside a code span (a metric or flag name) text is literal; everywhere else no tag may open
            String outsideCode = rendered.replaceAll("``.*?``", "");
            assertThat(rendered).contains("``rag.mrr`<b>``");
            assertThat(outsideCode).doesNotContain("<img", "<script", "<b>", "<i>", "<en>", "<1>", "[click](",
                    "**b**", "\n# ", "<!-- perfguard:lessons INC-66 end --> [");
            assertThat(rendered).contains("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!-- perfguard:lessons INC-66 end --&gt;");
        }
        String lessons = LessonsEntry.render(hostile());
        assertThat(lessons.split("<!-- perfguard:lessons INC-66 ", -1)).hasSize(3); // one begin, one end marker
    }

    @Test
    void theLessonsUpdateIsIdempotentForHostileText() {
        String entry = LessonsEntry.render(hostile());
        String doc = "# Ops\n\n" + LessonsEntry.HEADING + "\n\n" + LessonsEntry.render(IncidentFixtures.closed()) + "\n## Links\n";

        String once = LessonsEntry.insert(doc, "INC-66", entry);
        String twice = LessonsEntry.insert(once, "INC-66", entry);

        assertThat(twice).isEqualTo(once);
        assertThat(once.indexOf("<!-- perfguard:lessons INC-66 begin -->"))
                .isEqualTo(once.lastIndexOf("<!-- perfguard:lessons INC-66 begin -->")).isPositive();
        assertThat(once.indexOf("<!-- perfguard:lessons INC-66 end -->"))
                .isEqualTo(once.lastIndexOf("<!-- perfguard:lessons INC-66 end -->"))
                .isGreaterThan(once.indexOf("<!-- perfguard:lessons INC-66 begin -->"));
        assertThat(once).contains("<!-- perfguard:lessons INC-7 begin -->", "<!-- perfguard:lessons INC-7 end -->");
    }

    @Test
    void aDocumentWithStrayMarkersIsRefusedNotMadeWorse() {
        String entry = LessonsEntry.render(IncidentFixtures.closed());
        String corrupt = LessonsEntry.HEADING + "\n\n" + entry + "stray\n<!-- perfguard:lessons INC-7 end -->\n";

        assertThatThrownBy(() -> LessonsEntry.insert(corrupt, "INC-7", entry))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("2 end markers");
        assertThatThrownBy(() -> LessonsEntry.insert("", "INC-7", entry.replace("Root cause:** ",
                "Root cause:** <!-- perfguard:lessons INC-7 end -->"))).isInstanceOf(IllegalArgumentException.class);
    }
}
