package dev.replicate.sync;

/** A table cannot run as configured; the message says why and, where there is one, what to do. */
final class TableFailure extends Exception {
    TableFailure(String message) {
        super(message);
    }
}
