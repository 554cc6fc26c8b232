package dev.replicate.sync;

import java.util.Optional;

/** A table cannot run as configured; the message says why and, where there is one, what to do. */
final class TableFailure extends Exception {
    TableFailure(String message) {
        super(message);
    }

    /** Fails the table with {@code why}, if a check found a reason ({@code TargetNameTaken.check}, say). */
    static void ifFound(Optional<String> why) throws TableFailure {
        if (why.isPresent()) {
            throw new TableFailure(why.get());
        }
    }
}
