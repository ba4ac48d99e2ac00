package dev.perfguard.runbook.notify;

/**
 * Where the console channel records what it would have sent: the incident's timeline, as
 * {@code notification} entries. The incident package implements it over the store.
 */
@FunctionalInterface
public interface Timeline {

    /**
     * Appends a {@code notification} entry {@code what} to the incident unless an identical one is there
     * already (a redelivery after a crash adds nothing) or the incident is closed (a closed timeline does
     * not change); says whether it appended.
     */
    boolean notified(String incidentId, String what);

    /** No timeline: the log only. */
    Timeline NONE = (incidentId, what) -> false;
}
