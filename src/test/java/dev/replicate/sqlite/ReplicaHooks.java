package dev.replicate.sqlite;

/** For tests outside this package: the busy timeout ({@link Replica#busyTimeoutMillis}), shortened. */
public final class ReplicaHooks {
    private ReplicaHooks() {
    }

    /** Sets the busy timeout of replicas opened from now on until the returned handle is closed. */
    public static AutoCloseable busyTimeout(int millis) {
        Replica.busyTimeoutMillis = millis;
        return () -> Replica.busyTimeoutMillis = Replica.BUSY_TIMEOUT_MILLIS;
    }
}
