package dev.perfguard.signals.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.ci.CiMetric;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * Reads metric files of any supported kind, told apart by content: a JSON array of objects with
 * {@code benchmark} and {@code primaryMetric} is JMH; an object with {@code lighthouseVersion} and
 * {@code audits} a Lighthouse report; with a {@code metrics} object (and {@code root_group} or k6's
 * {@code http_req_duration}/{@code iterations}) a k6 summary; with {@code summary} and
 * {@code trec_eval_version} a rag-eval evaluation; with a {@code metrics} array a {@code perf_metrics} file.
 */
public final class MetricFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LhrReader lhr;
    private final UnaryOperator<String> pages;

    /**
     * {@code pages} turns a Lighthouse report's URL into its {@code page} label: the Lighthouse comparison's
     * URL normalization ({@code lighthouse.url_replacement_patterns}), so that one page's series pair across builds.
     */
    public MetricFiles(LhrReader lhr, UnaryOperator<String> pages) {
        this.lhr = lhr;
        this.pages = pages;
    }

    /** The files read, and their metrics merged: the runs of one Lighthouse page and form factor pool into one series. */
    public record Read(List<MetricFile> files, List<CiMetric> metrics) {
        public Read {
            files = List.copyOf(files);
            metrics = List.copyOf(metrics);
        }
    }

    /** Every file of {@code paths} (folders: their {@code .json} and {@code .json.gz} files), all read before any is used. */
    public Read readAll(List<Path> paths) {
        List<MetricFile> files = LhrReader.reportFiles(paths).stream().map(this::read).toList();
        Map<String, CiMetric> merged = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (MetricFile f : files) {
            for (CiMetric m : f.metrics()) {
                CiMetric before = merged.get(m.series());
                if (before == null) {
                    merged.put(m.series(), m);
                    from.put(m.series(), f.source());
                } else if (f.kind() == FileKind.LIGHTHOUSE && before.repeated() && m.repeated()) {
                    List<Double> all = new ArrayList<>(before.samples());
                    all.addAll(m.samples());
                    merged.put(m.series(), CiMetric.samples(m.name(), m.labels(), m.unit(), m.direction(), all));
                } else {
                    throw PerfguardException.badInput(f.source() + ": metric " + m.series() + " is also in " + from.get(m.series())
                            + "; a build has one value or one set of samples per metric");
                }
            }
        }
        return new Read(files, List.copyOf(merged.values()));
    }

    public MetricFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw PerfguardException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        return read(file.toString(), bytes);
    }

    /** Reads one file's bytes (gzip is detected by its magic bytes); {@code source} names it in messages. */
    public MetricFile read(String source, byte[] bytes) {
        JsonNode root;
        try (InputStream in = open(bytes)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw PerfguardException.badInput(source + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw PerfguardException.badInput(source + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw PerfguardException.badInput(source + ": empty file");
        }
        if (JmhReader.looksLike(root)) {
            return JmhReader.read(source, bytes, root);
        }
        if (root.isObject() && root.has("lighthouseVersion") && root.has("audits")) {
            return lighthouse(source, bytes);
        }
        if (K6Reader.looksLike(root)) {
            return K6Reader.read(source, bytes, root);
        }
        if (RagEvalReader.looksLike(root)) {
            return RagEvalReader.read(source, bytes, root);
        }
        if (root.isObject() && root.has("metrics")) {
            return PerfMetricsReader.read(source, bytes, root);
        }
        throw PerfguardException.badInput(source + ": not a metric file perfguard knows: expected a perf_metrics file (an object"
                + " with a \"metrics\" array), JMH JSON results, a k6 summary export, a Lighthouse report or rag-eval JSON");
    }

    private static InputStream open(byte[] bytes) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b ? new GZIPInputStream(in) : in;
    }

    /**
     * One run: each metric of the performance category as {@code lighthouse.<short>[_<unit>]{page=,preset=}}, the page
     * normalized as {@link #MetricFiles} says.
     */
    private MetricFile lighthouse(String source, byte[] bytes) {
        LighthouseRun run = lhr.read(source, new ByteArrayInputStream(bytes));
        List<CiMetric> out = new ArrayList<>();
        if (run.usable()) {
            for (LighthouseMetric m : LighthouseMetric.values()) {
                OptionalDouble v = run.value(m);
                if (v.isPresent()) {
                    String name = "lighthouse." + m.shortName().toLowerCase(Locale.ROOT) + (m.unit().isEmpty() ? "" : "_" + m.unit());
                    out.add(CiMetric.samples(name, Map.of("page", pages.apply(run.url()), "preset", run.formFactor()), m.unit(), m.direction(),
                            List.of(v.getAsDouble())));
                }
            }
        }
        return MetricFile.of(source, FileKind.LIGHTHOUSE, bytes, out);
    }
}
