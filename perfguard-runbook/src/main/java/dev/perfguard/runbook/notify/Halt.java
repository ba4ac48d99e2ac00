package dev.perfguard.runbook.notify;

/** Ends a delivery early with its result: internal control flow of the channels, never seen outside them. */
final class Halt extends RuntimeException {
    final transient Delivery delivery;

    Halt(Delivery delivery) {
        super(null, null, false, false);
        this.delivery = delivery;
    }
}
