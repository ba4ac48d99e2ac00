package dev.perfguard.app.cli.lighthouse;

/** Output formats of a Lighthouse comparison. */
public enum LighthouseFormat { text, markdown, json, junit }
