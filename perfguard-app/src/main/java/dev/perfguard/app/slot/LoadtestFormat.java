package dev.perfguard.app.slot;

/** Output formats of {@code loadtest run} and {@code loadtest import}. */
public enum LoadtestFormat { text, markdown, json }
