package dev.perfguard.app.cli.telemetry;

/** Output formats of {@code telemetry check}. */
enum TelemetryFormat { text, markdown, json }
