package dev.perfguard.app.lighthouse;

/** Output formats of a Lighthouse comparison. */
enum ReportFormat { text, markdown, json, junit }
