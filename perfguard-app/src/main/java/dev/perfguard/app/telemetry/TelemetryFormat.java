package dev.perfguard.app.telemetry;

/** Output formats of {@code telemetry check}. */
enum TelemetryFormat { text, markdown, json }
