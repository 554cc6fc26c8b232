package dev.replicate.sqlite;

/**
 * The SQLite file itself is in trouble (missing directory, read-only, disk full, not a database):
 * no table can run, so the whole run stops with the replica-error exit status.
 */
public final class ReplicaException extends Exception {
    public ReplicaException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReplicaException(String message) {
        super(message);
    }
}
