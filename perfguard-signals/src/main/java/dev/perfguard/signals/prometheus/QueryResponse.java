package dev.perfguard.signals.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the Prometheus HTTP API answered to one query, by the documented {@code resultType}, or why
 * there is no answer. Values are kept as Prometheus sent them, including NaN and ±Inf.
 */
public sealed interface QueryResponse {

    /** An instant vector: one sample per series (possibly none). */
    record Vector(List<Sample> samples, List<String> warnings) implements QueryResponse {
        public Vector {
            samples = List.copyOf(samples);
            warnings = List.copyOf(warnings);
        }
    }

    /** A scalar. */
    record Scalar(Instant at, double value, List<String> warnings) implements QueryResponse {
        public Scalar {
            Objects.requireNonNull(at, "at");
            warnings = List.copyOf(warnings);
        }
    }

    /** A range vector (the answer of {@code query_range}, or of an instant query for {@code x[5m]}). */
    record Matrix(List<RangeSeries> series, List<String> warnings) implements QueryResponse {
        public Matrix {
            series = List.copyOf(series);
            warnings = List.copyOf(warnings);
        }
    }

    /** A string result (rare: {@code "text"} as a query). */
    record Text(Instant at, String value) implements QueryResponse {}

    /** No usable answer. {@code kind} says why; {@code message} is for a person and names the server. */
    record Failure(Kind kind, String message) implements QueryResponse {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a query failed. */
    enum Kind {
        /** Connection refused, unknown host, connection reset. */
        UNREACHABLE,
        /** No complete answer within the timeout (client side), or Prometheus' own {@code timeout} error. */
        TIMEOUT,
        /** Prometheus refused the query: {@code bad_data}, {@code execution}, {@code canceled}, ... (its {@code errorType}). */
        QUERY_ERROR,
        /** An HTTP status without a Prometheus error body (a proxy's 502, say). */
        HTTP_ERROR,
        /** The body is not a Prometheus API response. */
        MALFORMED,
        /** The calling thread was interrupted. */
        INTERRUPTED
    }

    /** One series' labels and one value. */
    record Sample(Map<String, String> labels, Instant at, double value) {
        public Sample {
            labels = Map.copyOf(labels);
            Objects.requireNonNull(at, "at");
        }

        /** The labels as PromQL writes them, sorted: {@code {__name__="up", job="x"}}. */
        public String describe() {
            return describe(labels);
        }

        static String describe(Map<String, String> labels) {
            return new TreeMap<>(labels).entrySet().stream()
                    .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** One series' labels and its points, oldest first. */
    record RangeSeries(Map<String, String> labels, List<Point> points) {
        public RangeSeries {
            labels = Map.copyOf(labels);
            points = List.copyOf(points);
        }

        public String describe() {
            return Sample.describe(labels);
        }
    }

    /** One point of a range series. */
    record Point(Instant at, double value) {}
}
