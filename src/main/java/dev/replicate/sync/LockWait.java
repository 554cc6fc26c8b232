package dev.replicate.sync;

import dev.replicate.config.SourceConfig;

/**
 * The error of a table whose statement gave up waiting for a lock at the source ({@link
 * dev.replicate.source.Source#waitedForLock}): the database's own words ("canceling statement due to
 * lock timeout", "Lock wait timeout exceeded; try restarting transaction") say neither whose lock it
 * is, nor how long it was waited for, nor which setting allows a longer wait, nor what happens next.
 */
final class LockWait {
    private LockWait() {
    }

    /** {@code error} explained, followed by what comes of it ({@code next}). */
    static String explained(SourceConfig source, String error, String next) {
        return "gave up waiting for a lock that another session holds on the table at the source (an ALTER TABLE,"
                + " a LOCK TABLE, a VACUUM FULL...) after " + waited(source) + "; " + next + ": " + error;
    }

    /** How long it waited: 0 sets no timeout of ours, and leaves the server's (a role's or database's own). */
    private static String waited(SourceConfig source) {
        int seconds = source.settings().lockTimeoutSeconds();
        return seconds > 0 ? seconds + " s (the source's lockTimeoutSeconds)"
                : "the server's own lock timeout (the source's lockTimeoutSeconds is 0, which leaves the server's)";
    }
}
