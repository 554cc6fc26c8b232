package dev.replicate.cli;

import dev.replicate.sqlite.ReplicaException;

/** The documented exit statuses. */
public final class ExitStatus {
    /** Everything ran (or nothing was due). */
    public static final int OK = 0;
    /** At least one table failed (for {@code status}: a table's last run failed). */
    public static final int TABLE_FAILED = 1;
    /** Bad usage or a bad configuration: nothing was run. */
    public static final int USAGE = 2;
    /**
     * An unexpected error inside replicate (a bug, or a JVM error): please report it with {@code -vv} output;
     * or the JVM ran out of memory outside a table's work, which is said as such and is no bug (Main's handler).
     */
    public static final int SOFTWARE = 70;
    /** The SQLite file cannot be opened or written (missing directory, read-only, disk full). */
    public static final int REPLICA_ERROR = 74;
    /** Another run holds the SQLite file's lock; this one stepped aside and changed nothing. */
    public static final int LOCKED = 75;

    private ExitStatus() {
    }

    /**
     * The exit status a command ends with when it throws: picocli's exit-code mapper (installed once by
     * {@link Main#run} for every command), so that no command catches to translate. A
     * {@link ReplicaException} is the SQLite file in trouble, whichever command met it; anything that
     * is neither that nor a {@link ReplicateException} is a bug, or a JVM error such as running out of memory.
     */
    public static int of(Throwable thrown) {
        if (thrown instanceof ReplicateException failure) {
            return failure.exitStatus();
        }
        return thrown instanceof ReplicaException ? REPLICA_ERROR : SOFTWARE;
    }
}
