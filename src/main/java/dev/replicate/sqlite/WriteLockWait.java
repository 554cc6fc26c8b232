package dev.replicate.sqlite;

import java.sql.SQLException;

/**
 * Waits, as the busy timeout promises, for the write lock SQLite refused a transaction of the run's
 * connection without calling the busy handler: a transaction that read before it wrote is refused at
 * once while another connection (an application, a {@code sqlite3} shell) holds the write lock, and for
 * good once that one's commit is newer than what it read. The refused transaction is rolled back, the
 * lock waited for ({@link Replica#awaitWriteLock}), and the work run again from the file as it now
 * stands. One wait covers one piece of work: it ends the busy timeout ({@link Replica#BUSY_TIMEOUT_MILLIS}) after the
 * work's first refusal, however often it is refused again.
 */
public final class WriteLockWait {
    private final Replica replica;
    private final long millis;
    /** When the wait ends ({@link System#nanoTime}); 0 until the first refusal. */
    private long ends;

    public WriteLockWait(Replica replica) {
        this(replica, Replica.busyTimeoutMillis);
    }

    WriteLockWait(Replica replica, long millis) {
        this.replica = replica;
        this.millis = millis;
    }

    /** Work on the run's connection that reads and writes in one transaction, and commits it. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    /**
     * Work that may also fail otherwise than by SQLite ({@code E}: a source's read, a table's failure), which
     * is not waited for but thrown as it came; only a refused write lock runs it again.
     */
    @FunctionalInterface
    public interface Try<E extends Exception> {
        void run() throws E, SQLException;
    }

    /**
     * Puts back what a refused try left behind that the transaction's rollback does not (rows it counted,
     * a writer holding its rows), once the lock was had and before the work runs again.
     */
    @FunctionalInterface
    public interface Again {
        void reset() throws SQLException;
    }

    /** Runs {@code work}, and again after the write lock was had each time SQLite refused it. */
    public static void run(Replica replica, Work work) throws ReplicaException, SQLException {
        run(replica, work::run, () -> { });
    }

    /**
     * Runs {@code work}, and again after the write lock was had each time SQLite refused it, each time
     * after {@code again} reset what the refused try left. A failure other than the refusal, and a
     * refusal not outwaited, end the work as they came; {@code again} is not run then.
     */
    public static <E extends Exception> void run(Replica replica, Try<E> work, Again again)
            throws E, ReplicaException, SQLException {
        WriteLockWait wait = new WriteLockWait(replica);
        while (true) {
            try {
                work.run();
                return;
            } catch (SQLException e) {
                if (!wait.awaited(e)) {
                    throw e;
                }
                again.reset();
            }
        }
    }

    /**
     * After {@code failure} ended a try of the work: whether to run it again, which is so when SQLite
     * refused the write lock ({@link Replica#isLockRefused}) and the lock was had within the busy timeout
     * from the first refusal; the transaction is rolled back then. Otherwise the transaction is as the
     * failure left it, and the failure is the work's.
     *
     * @throws SQLException SQLite's {@code SQLITE_BUSY} when the lock was not had in time, with
     *                      {@code failure} attached (suppressed)
     */
    public boolean awaited(SQLException failure) throws ReplicaException, SQLException {
        if (!Replica.isLockRefused(failure)) {
            return false;
        }
        long now = System.nanoTime();
        if (ends == 0) {
            ends = now + millis * 1_000_000L;
        }
        if (now >= ends) {
            return false;
        }
        try {
            replica.awaitWriteLock((ends - now) / 1_000_000L);
        } catch (SQLException timedOut) {
            timedOut.addSuppressed(failure);
            throw timedOut;
        }
        return true;
    }
}
