package dev.perfguard.runbook.builds;

/** A build with the count of its stored runs, for listings. */
public record BuildSummary(Build build, int runs, int failedRuns) {}
