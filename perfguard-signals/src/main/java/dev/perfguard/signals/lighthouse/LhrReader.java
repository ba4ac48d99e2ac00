package dev.perfguard.signals.lighthouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LhrDetail;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads Lighthouse result JSON (LHR), plain or gzipped, by streaming: only the fields perfguard
 * needs are materialized; screenshots, traces and every other audit are skipped token by token, so
 * memory stays flat whatever the report's size.
 *
 * <p>Reads LHRs of Lighthouse 10 to 13 (and older ones that carry the same fields). A file that is
 * not an LHR is an error naming the file and what is missing; a run that Lighthouse failed
 * ({@code runtimeError}, a null performance score, a missing required metric) is returned with its
 * {@link LighthouseRun#failure()} set.
 */
public final class LhrReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private final boolean detail;

    /** A reader of what the comparison needs: the performance score and the metric audits. */
    public LhrReader() {
        this(false);
    }

    private LhrReader(boolean detail) {
        this.detail = detail;
    }

    /**
     * A reader that also keeps every audit's score, value and item count, and every category's
     * score ({@link LighthouseRun#detail()}), for assertions; slower than the comparison's reading.
     */
    public LhrReader withDetail(boolean detail) {
        return detail == this.detail ? this : new LhrReader(detail);
    }

    /** Reads each file, and every {@code .json}/{@code .json.gz} file below each directory in natural order. */
    public List<LighthouseRun> readAll(List<Path> paths) {
        // files are independent: read them on all cores, keeping their order
        return reportFiles(paths).parallelStream().map(this::read).toList();
    }

    /**
     * The report files named by {@code paths}: files as given, directories expanded in natural order. A
     * directory without a report is bad input: a run that was never read must not pass for a run compared.
     */
    public static List<Path> reportFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> reports = listReports(p);
                if (reports.isEmpty()) {
                    throw PerfguardException.badInput(p + ": no Lighthouse reports (.json or .json.gz files) in this folder");
                }
                files.addAll(reports);
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw PerfguardException.badInput(p + ": no such file or directory");
            }
        }
        return files;
    }

    static List<Path> listReports(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".json") || n.endsWith(".json.gz");
                    })
                    .sorted((a, b) -> NaturalOrder.compare(dir.relativize(a).toString(), dir.relativize(b).toString()))
                    .toList();
        } catch (IOException e) {
            throw PerfguardException.badInput(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    public LighthouseRun read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A report as read for storing: the run, keyed by the SHA-256 of the file's bytes as they are (gzipped or not). */
    public record Digested(String sha256, LighthouseRun run) {
        public Digested {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(run, "run");
        }
    }

    /** Opens a report's bytes: a file, or a resource in the jar. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** Like {@link #readAll}, each run with the SHA-256 of its file, computed while streaming. */
    public List<Digested> readAllDigested(List<Path> paths) {
        return reportFiles(paths).parallelStream().map(p -> readDigested(p.toString(), () -> Files.newInputStream(p))).toList();
    }

    /** Reads one report from {@code source} and digests all its bytes, the parts the reader skips included. */
    public Digested readDigested(String name, Source source) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
        try (InputStream raw = source.open(); DigestInputStream in = new DigestInputStream(raw, sha)) {
            LighthouseRun run = read(name, new FilterInputStream(in) {
                @Override
                public void close() {
                    // the digest needs the rest of the file; closed by the outer try
                }
            });
            in.transferTo(OutputStream.nullOutputStream());
            return new Digested(HexFormat.of().formatHex(sha.digest()), run);
        } catch (IOException e) {
            throw PerfguardException.badInput(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads one LHR from a stream (gzip is detected by its magic bytes); {@code name} is used in messages. */
    public LighthouseRun read(String name, InputStream raw) {
        try {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            try (JsonParser p = JSON.createParser(in)) {
                return parse(name, p);
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw PerfguardException.badInput(name + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw PerfguardException.badInput(name + ": cannot read: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw PerfguardException.badInput(name + ": cannot read: " + e.getCause().getMessage(), e);
        }
    }

    private static final class Fields {
        String version;
        String finalUrl;
        String mainDocumentUrl;
        String finalDisplayedUrl;
        String requestedUrl;
        String fetchTime;
        String formFactor;
        boolean configSettings;
        boolean audits;
        boolean categories;
        boolean performanceCategory;
        double benchmarkIndex = Double.NaN;
        Double score;
        String runtimeError;
        final List<String> warnings = new ArrayList<>();
        final Map<LighthouseMetric, Double> values = new EnumMap<>(LighthouseMetric.class);
        final Map<LighthouseMetric, String> auditErrors = new EnumMap<>(LighthouseMetric.class);
        final Map<String, LhrDetail.Audit> detailAudits = new LinkedHashMap<>();
        final Map<String, Double> detailCategories = new LinkedHashMap<>();
    }

    private LighthouseRun parse(String name, JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw PerfguardException.badInput(name + ": not a Lighthouse result: the top level is not a JSON object");
        }
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "lighthouseVersion" -> f.version = text(p, t);
                case "finalUrl" -> f.finalUrl = text(p, t);
                case "mainDocumentUrl" -> f.mainDocumentUrl = text(p, t);
                case "finalDisplayedUrl" -> f.finalDisplayedUrl = text(p, t);
                case "requestedUrl" -> f.requestedUrl = text(p, t);
                case "fetchTime" -> f.fetchTime = text(p, t);
                case "runtimeError" -> f.runtimeError = runtimeError(p, t);
                case "runWarnings" -> warnings(p, t, f.warnings);
                case "environment" -> environment(p, t, f);
                case "configSettings" -> configSettings(p, t, f);
                case "categories" -> categories(p, t, f, detail);
                case "audits" -> {
                    if (detail) {
                        detailedAudits(p, t, f);
                    } else {
                        audits(p, t, f);
                    }
                }
                default -> p.skipChildren();
            }
        }
        return toRun(name, f);
    }

    private static LighthouseRun toRun(String name, Fields f) {
        List<String> missing = new ArrayList<>();
        if (f.version == null) {
            missing.add("lighthouseVersion");
        }
        String url = f.finalUrl != null ? f.finalUrl
                : f.mainDocumentUrl != null ? f.mainDocumentUrl
                : f.finalDisplayedUrl != null ? f.finalDisplayedUrl : f.requestedUrl;
        if (url == null) {
            missing.add("finalUrl");
        }
        if (!f.configSettings) {
            missing.add("configSettings");
        }
        if (!f.audits && f.runtimeError == null) {
            missing.add("audits");
        }
        if (!missing.isEmpty()) {
            throw PerfguardException.badInput(name + ": not a Lighthouse result: missing " + String.join(", ", missing));
        }
        String formFactor = f.formFactor == null ? "mobile" : f.formFactor;
        Optional<String> failure = Optional.empty();
        if (f.runtimeError != null) {
            failure = Optional.of("Lighthouse runtime error: " + f.runtimeError);
        } else if (!f.performanceCategory) {
            failure = Optional.of("no performance category in the report");
        } else if (f.score == null) {
            failure = Optional.of("performance score is null");
        } else {
            List<String> absent = new ArrayList<>();
            for (LighthouseMetric m : LighthouseMetric.values()) {
                if (m == LighthouseMetric.PERFORMANCE_SCORE || !m.required()) {
                    continue;
                }
                Double v = f.values.get(m);
                if (v == null || !Double.isFinite(v)) {
                    String err = f.auditErrors.get(m);
                    absent.add(m.id() + (err == null ? "" : " (" + err + ")"));
                }
            }
            if (!absent.isEmpty()) {
                failure = Optional.of("missing metric " + String.join(", ", absent));
            }
        }
        if (f.score != null) {
            f.values.put(LighthouseMetric.PERFORMANCE_SCORE, f.score);
        }
        LhrDetail detail = f.detailAudits.isEmpty() && f.detailCategories.isEmpty()
                ? LhrDetail.NONE : new LhrDetail(f.detailAudits, f.detailCategories);
        return new LighthouseRun(name, url, formFactor, f.fetchTime, f.version, f.benchmarkIndex, f.warnings, f.values, failure, detail);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static String runtimeError(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return t == JsonToken.VALUE_NULL ? null : "unknown";
        }
        String code = null;
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (n.equals("code")) {
                code = text(p, v);
            } else if (n.equals("message")) {
                message = text(p, v);
            } else {
                p.skipChildren();
            }
        }
        if (code == null && message == null) {
            return null;
        }
        return (code == null ? "" : code) + (message == null ? "" : (code == null ? "" : ": ") + message);
    }

    private static void warnings(JsonParser p, JsonToken t, List<String> out) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    private static void environment(JsonParser p, JsonToken t, Fields f) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (n.equals("benchmarkIndex") && v.isNumeric()) {
                f.benchmarkIndex = p.getDoubleValue();
            } else {
                p.skipChildren();
            }
        }
    }

    private static void configSettings(JsonParser p, JsonToken t, Fields f) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        f.configSettings = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (n.equals("formFactor")) {
                f.formFactor = text(p, v);
            } else if (n.equals("emulatedFormFactor") && f.formFactor == null) {
                f.formFactor = text(p, v); // Lighthouse before 7
            } else {
                p.skipChildren();
            }
        }
    }

    private static void categories(JsonParser p, JsonToken t, Fields f, boolean detail) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        f.categories = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            boolean performance = n.equals("performance");
            if ((!performance && !detail) || v != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            f.performanceCategory |= performance;
            double score = Double.NaN;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken kv = p.nextToken();
                if (k.equals("score") && kv.isNumeric()) {
                    score = p.getDoubleValue();
                } else {
                    p.skipChildren();
                }
            }
            if (performance && !Double.isNaN(score)) {
                f.score = score;
            }
            if (detail) {
                f.detailCategories.put(n, score);
            }
        }
    }

    /** Every audit's score, value and item count; the metric audits' values as {@link #audits} reads them. */
    private static void detailedAudits(JsonParser p, JsonToken t, Fields f) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        f.audits = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            LighthouseMetric m = AUDITS.get(id);
            boolean rows = id.equals("resource-summary") || id.equals("user-timings");
            String title = null;
            String mode = null;
            double score = Double.NaN;
            double numeric = Double.NaN;
            int count = 0;
            List<LhrDetail.Item> items = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken kv = p.nextToken();
                switch (k) {
                    case "title" -> title = text(p, kv);
                    case "scoreDisplayMode" -> mode = text(p, kv);
                    case "score" -> {
                        if (kv.isNumeric()) {
                            score = p.getDoubleValue();
                        }
                    }
                    case "numericValue" -> {
                        if (kv.isNumeric()) {
                            numeric = p.getDoubleValue();
                            if (m != null) {
                                f.values.put(m, numeric);
                            }
                        }
                    }
                    case "errorMessage" -> {
                        String e = text(p, kv);
                        if (m != null && e != null) {
                            f.auditErrors.put(m, e);
                        }
                    }
                    case "details" -> count = details(p, kv, rows ? items : null);
                    default -> p.skipChildren();
                }
            }
            f.detailAudits.put(id, new LhrDetail.Audit(title, score, mode, numeric, count, items));
        }
    }

    /** The length of {@code details.items}; the rows' labels and numbers into {@code rows} when not null. */
    private static int details(JsonParser p, JsonToken t, List<LhrDetail.Item> rows) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (!k.equals("items") || v != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            count = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                count++;
                if (rows != null && p.currentToken() == JsonToken.START_OBJECT) {
                    rows.add(row(p));
                } else {
                    p.skipChildren();
                }
            }
        }
        return count;
    }

    private static LhrDetail.Item row(JsonParser p) throws IOException {
        String label = "";
        Map<String, Double> numbers = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if ((k.equals("resourceType") || k.equals("name")) && v == JsonToken.VALUE_STRING) {
                label = p.getText();
            } else if (v.isNumeric()) {
                numbers.put(k, p.getDoubleValue());
            } else {
                p.skipChildren();
            }
        }
        return new LhrDetail.Item(label, numbers);
    }

    private static void audits(JsonParser p, JsonToken t, Fields f) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        f.audits = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            JsonToken v = p.nextToken();
            LighthouseMetric m = AUDITS.get(id);
            if (m == null || v != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                JsonToken kv = p.nextToken();
                if (k.equals("numericValue") && kv.isNumeric()) {
                    f.values.put(m, p.getDoubleValue());
                } else if (k.equals("errorMessage") && kv == JsonToken.VALUE_STRING) {
                    f.auditErrors.put(m, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static final Map<String, LighthouseMetric> AUDITS;

    static {
        Map<String, LighthouseMetric> m = new HashMap<>();
        for (LighthouseMetric x : LighthouseMetric.values()) {
            if (x != LighthouseMetric.PERFORMANCE_SCORE) {
                m.put(x.id(), x);
            }
        }
        AUDITS = Map.copyOf(m);
    }
}
