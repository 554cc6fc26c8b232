package dev.replicate.sync;

import dev.replicate.config.SourceConfig;
import dev.replicate.source.Source;
import dev.replicate.source.TimeBound;
import java.util.Optional;

/**
 * A table's error, explained where the source tells what befell its statement: it gave up waiting for a
 * lock ({@link LockWait}), the server went quiet ({@link Silence}), or the login's own bound on a statement's
 * time cancelled it ({@link LoginTimeBound}), or the connection broke ({@link ConnectionLost}). Run, verify, verify's repair and the
 * look of validate-config --connect and reflect each word it so, each saying what comes of it; the choice
 * is made here once, so that they cannot come to tell the two apart differently.
 */
final class SourceTrouble {
    private SourceTrouble() {
    }

    /**
     * Whether {@code failure} is known to be none of the doing of the text the user gave the statement (a
     * "where", a "query"): any statement would have failed alike. One that waited for a lock fails so however
     * written, the where's check alone too: the lock's doing. A server that stopped answering would not answer
     * the check either, and a connection the driver closed (after a timeout, or a cut) fails the check as it
     * failed the statement. Such a failure is explained ({@link #explained}), never blamed on the user's text.
     */
    static boolean notTheStatement(Source source, Exception failure) {
        return source.waitedForLock(failure) || source.connectionGone(failure) || source.loginTimeBound(failure).isPresent()
                || ConnectionLost.of(source, failure);
    }

    /**
     * {@code error} (the words of {@code failure}) explained when the source says {@code failure} was a lock
     * wait or a silence, followed by what comes of it; else {@code error} as it is.
     *
     * @param afterLockWait what comes of a lock wait
     * @param afterSilence  what comes of a silence
     */
    static String explained(SourceConfig sourceConfig, Source source, Exception failure, String error,
                            String afterLockWait, String afterSilence) {
        if (source.waitedForLock(failure)) {
            return LockWait.explained(sourceConfig, error, afterLockWait);
        }
        if (source.stoppedAnswering(failure)) {
            return Silence.explained(sourceConfig, error, afterSilence);
        }
        Optional<TimeBound> bound = source.loginTimeBound(failure);
        if (bound.isPresent()) {
            return LoginTimeBound.explained(bound.get(), error, afterSilence);
        }
        if (ConnectionLost.of(source, failure)) {
            return ConnectionLost.explained(sourceConfig, error, afterSilence);
        }
        Optional<OutOfMemoryError> heap = OutOfMemory.cause(failure);
        if (heap.isPresent()) {
            return OutOfMemory.explained(heap.get());
        }
        return error;
    }
}
