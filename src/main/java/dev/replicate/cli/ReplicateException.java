package dev.replicate.cli;

/** Ends a command with a message for stderr and the exit status that goes with it. */
public final class ReplicateException extends RuntimeException {
    private final int exitStatus;
    private final boolean silent;

    public ReplicateException(int exitStatus, String message) {
        this(exitStatus, message, false);
    }

    private ReplicateException(int exitStatus, String message, boolean silent) {
        super(message);
        this.exitStatus = exitStatus;
        this.silent = silent;
    }

    /** Ends with a status and no message unless verbose (the lock held by another run). */
    public static ReplicateException quiet(int exitStatus, String message) {
        return new ReplicateException(exitStatus, message, true);
    }

    /**
     * What run and verify say when another run (or verify) holds the lock on the SQLite file, and step
     * aside: run only with -v (cron starts it every minute), verify always (a person started it).
     */
    public static String lockHeld(java.nio.file.Path database) {
        return "another run holds the lock on " + database + "; stepping aside";
    }

    public int exitStatus() {
        return exitStatus;
    }

    public boolean silent() {
        return silent;
    }
}
