package dev.replicate.sync;

/**
 * The error of a table whose read gave up waiting for a lock at the source: the database's own words
 * ("canceling statement due to lock timeout", "Lock wait timeout exceeded; try restarting
 * transaction") say neither whose lock it is nor what happens next.
 */
final class LockWait {
    private LockWait() {
    }

    static String explained(int lockTimeoutSeconds, String error) {
        return "waited " + lockTimeoutSeconds + " s (the source's lockTimeoutSeconds) for a lock that another session"
                + " holds on the table at the source (an ALTER TABLE, a LOCK TABLE, a VACUUM FULL...); the other tables"
                + " went on, and the next run tries this one again: " + error;
    }
}
