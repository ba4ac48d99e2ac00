package dev.perfguard.signals.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Prometheus HTTP API response ({@code /api/v1/query}, {@code /api/v1/query_range}) by
 * streaming with jackson-core. The documented envelope:
 *
 * <pre>
 * { "status": "success" | "error", "data": { "resultType": "vector"|"matrix"|"scalar"|"string", "result": ... },
 *   "errorType": "bad_data", "error": "...", "warnings": ["..."] }
 * </pre>
 *
 * A vector result is {@code [{"metric": {...}, "value": [ts, "v"]}]}, a matrix
 * {@code [{"metric": {...}, "values": [[ts, "v"], ...]}]}, a scalar or string {@code [ts, "v"]};
 * timestamps are seconds with a fraction, values strings ({@code "NaN"}, {@code "+Inf"} included).
 * Anything else is a {@link QueryResponse.Kind#MALFORMED} failure, never an exception.
 */
final class ResponseParser {
    private static final JsonFactory JSON = new JsonFactory();

    private ResponseParser() {}

    /** Entries of a vector or matrix result before the result type is known (JSON fields may come in any order). */
    private record Entry(Map<String, String> labels, List<QueryResponse.Point> points, boolean single) {}

    static QueryResponse parse(InputStream in, String where) {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed(where, "not a JSON object");
            }
            String status = null;
            String errorType = null;
            String error = null;
            String resultType = null;
            List<String> warnings = new ArrayList<>();
            Object result = null; // List<Entry> or QueryResponse.Point-with-text
            boolean sawData = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "status" -> status = text(p, t);
                    case "errorType" -> errorType = text(p, t);
                    case "error" -> error = text(p, t);
                    case "warnings", "infos" -> {
                        if (t == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                warnings.add(p.getValueAsString(""));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "data" -> {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        sawData = true;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String df = p.currentName();
                            JsonToken dt = p.nextToken();
                            if (df.equals("resultType")) {
                                resultType = text(p, dt);
                            } else if (df.equals("result")) {
                                result = result(p, dt);
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if ("error".equals(status)) {
                String type = errorType == null ? "unknown" : errorType;
                QueryResponse.Kind kind = type.equals("timeout") ? QueryResponse.Kind.TIMEOUT : QueryResponse.Kind.QUERY_ERROR;
                return new QueryResponse.Failure(kind, where + ": Prometheus error (" + type + "): " + (error == null ? "no message" : error));
            }
            if (!"success".equals(status)) {
                return malformed(where, "status is " + (status == null ? "missing" : "'" + status + "'"));
            }
            if (!sawData || resultType == null || result == null) {
                return malformed(where, "data.resultType or data.result is missing");
            }
            return typed(where, resultType, result, warnings);
        } catch (MalformedException e) {
            return malformed(where, e.getMessage());
        } catch (ArithmeticException e) {
            return malformed(where, "a timestamp is out of range");
        } catch (IOException e) {
            return malformed(where, "not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static QueryResponse typed(String where, String resultType, Object result, List<String> warnings) {
        switch (resultType) {
            case "vector", "matrix" -> {
                if (!(result instanceof List<?> list)) {
                    return malformed(where, resultType + " result is not a list of series");
                }
                boolean vector = resultType.equals("vector");
                List<QueryResponse.Sample> samples = new ArrayList<>();
                List<QueryResponse.RangeSeries> series = new ArrayList<>();
                for (Object o : list) {
                    Entry e = (Entry) o;
                    if (vector) {
                        if (!e.single() || e.points().size() != 1) {
                            return malformed(where, "a vector entry needs exactly one \"value\" (a native histogram is not supported; "
                                    + "use histogram_quantile)");
                        }
                        samples.add(new QueryResponse.Sample(e.labels(), e.points().get(0).at(), e.points().get(0).value()));
                    } else {
                        if (e.single()) {
                            return malformed(where, "a matrix entry needs \"values\"");
                        }
                        series.add(new QueryResponse.RangeSeries(e.labels(), e.points()));
                    }
                }
                return vector ? new QueryResponse.Vector(samples, warnings) : new QueryResponse.Matrix(series, warnings);
            }
            case "scalar", "string" -> {
                if (!(result instanceof Object[] pair)) {
                    return malformed(where, resultType + " result is not a [time, value] pair");
                }
                Instant at = (Instant) pair[0];
                String raw = (String) pair[1];
                if (resultType.equals("string")) {
                    return new QueryResponse.Text(at, raw);
                }
                return new QueryResponse.Scalar(at, value(raw), warnings);
            }
            default -> {
                return malformed(where, "unknown resultType '" + resultType + "'");
            }
        }
    }

    /** Reads {@code data.result}: a list of entries, or a {@code [time, "value"]} pair as {@code Object[]{Instant, String}}. */
    private static Object result(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new MalformedException("data.result is not an array");
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            return List.of();
        }
        if (first == JsonToken.VALUE_NUMBER_INT || first == JsonToken.VALUE_NUMBER_FLOAT) {
            Instant at = time(p);
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw new MalformedException("a [time, value] pair needs a string value");
            }
            String raw = p.getText();
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new MalformedException("a [time, value] pair has more than two elements");
            }
            return new Object[] {at, raw};
        }
        List<Entry> entries = new ArrayList<>();
        JsonToken cur = first;
        while (cur != JsonToken.END_ARRAY) {
            if (cur != JsonToken.START_OBJECT) {
                throw new MalformedException("a series in data.result is not an object");
            }
            entries.add(entry(p));
            cur = p.nextToken();
        }
        return entries;
    }

    private static Entry entry(JsonParser p) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        List<QueryResponse.Point> points = new ArrayList<>();
        boolean single = false;
        boolean any = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "metric" -> {
                    if (t != JsonToken.START_OBJECT) {
                        throw new MalformedException("\"metric\" is not an object");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        labels.put(k, p.getValueAsString(""));
                    }
                }
                case "value" -> {
                    points.add(point(p, t));
                    single = true;
                    any = true;
                }
                case "values" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw new MalformedException("\"values\" is not an array");
                    }
                    JsonToken v;
                    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                        points.add(point(p, v));
                    }
                    any = true;
                }
                default -> p.skipChildren(); // "histogram", "histograms": native histograms, unsupported
            }
        }
        if (!any) {
            return new Entry(labels, List.of(), true);
        }
        return new Entry(labels, points, single);
    }

    private static QueryResponse.Point point(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new MalformedException("a sample is not a [time, value] pair");
        }
        JsonToken ts = p.nextToken();
        if (ts != JsonToken.VALUE_NUMBER_INT && ts != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new MalformedException("a sample's time is not a number");
        }
        Instant at = time(p);
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw new MalformedException("a sample's value is not a string");
        }
        double v = value(p.getText());
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new MalformedException("a sample has more than two elements");
        }
        return new QueryResponse.Point(at, v);
    }

    /** Seconds since the epoch with a fraction, kept to the millisecond exactly (no binary rounding). */
    private static Instant time(JsonParser p) throws IOException {
        BigDecimal seconds = p.getDecimalValue();
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return Instant.ofEpochMilli(millis);
    }

    /** A Prometheus sample value: a float, or {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static double value(String raw) {
        return switch (raw) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new MalformedException("sample value '" + raw + "' is not a number");
                }
            }
        };
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static QueryResponse.Failure malformed(String where, String why) {
        return new QueryResponse.Failure(QueryResponse.Kind.MALFORMED, where + ": not a Prometheus API response: " + why);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message);
        }
    }
}
