package dev.replicate.sync;

/**
 * The error of a table whose statement gave up waiting for a lock at the source ({@link
 * dev.replicate.source.Source#waitedForLock}): the database's own words ("canceling statement due to
 * lock timeout", "Lock wait timeout exceeded; try restarting transaction") say neither whose lock it
 * is nor what happens next.
 */
final class LockWait {
    private LockWait() {
    }

    /** {@code error} explained, followed by what comes of it ({@code next}). */
    static String explained(String error, String next) {
        return "gave up waiting for a lock that another session holds on the table at the source (an ALTER TABLE,"
                + " a LOCK TABLE, a VACUUM FULL...) after the source's lockTimeoutSeconds; " + next + ": " + error;
    }
}
