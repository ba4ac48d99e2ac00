package dev.perfguard.core;

/**
 * Why a perfguard operation failed. Each code maps to one CLI exit status and one HTTP status,
 * in one place each (the CLI's exception handler and the server's error mapper).
 */
public enum ErrorCode {
    /** An input file or value is malformed: names the file, line or field. */
    BAD_INPUT,
    /** The command line is wrong. */
    USAGE,
    /** The configuration file is invalid: names the line and the key. */
    CONFIG,
    /** The store could not be read or written. */
    STORE,
    /** Something asked for does not exist. */
    NOT_FOUND,
    /** The request conflicts with the current state (an illegal transition, say). */
    CONFLICT,
    /** A remote system (Prometheus, a retrieval endpoint, a vendor API) failed. */
    REMOTE,
    /** A bug: an invariant of perfguard itself broke. */
    INTERNAL
}
