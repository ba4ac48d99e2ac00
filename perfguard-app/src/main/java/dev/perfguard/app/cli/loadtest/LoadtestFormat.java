package dev.perfguard.app.cli.loadtest;

/** Output formats of {@code loadtest run} and {@code loadtest import}. */
enum LoadtestFormat { text, markdown, json }
