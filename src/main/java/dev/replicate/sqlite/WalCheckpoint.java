package dev.replicate.sqlite;

import dev.replicate.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Empties the write-ahead log at the end of a run that wrote to it: {@code PRAGMA
 * wal_checkpoint(TRUNCATE)} copies the committed pages into the file and truncates the log to zero
 * bytes, waiting at most {@link #WAIT_MILLIS} for readers still reading from the log.
 *
 * <p>Why at the end of a run, and why TRUNCATE. SQLite checkpoints by itself in two places: during the
 * run, passively, once the log holds 1,000 pages; and when the last connection to the file closes, when
 * it also deletes the log. An application that keeps the replica open (a web server, a dashboard) means
 * the run's connection is never the last one: then the log kept its pages between runs (readers look
 * pages up in it before the file), and its file kept the largest size it ever reached, since SQLite
 * reuses the log from its start but never shrinks it. A reader that is always inside some read
 * transaction, as a busy application's readers together are, keeps even the passive checkpoints from
 * reaching the end of the log, and then it grows without bound (SQLite's "checkpoint starvation"). A
 * passive checkpoint only when the log passed a size would leave all of that as it is; TRUNCATE waits
 * for the readers inside the log to finish the transaction they are in (new ones read the file alone
 * once its pages are all copied, so they do not hold it up) and leaves an empty log. Without readers it
 * costs what the close's own checkpoint would have: the same pages copied and synced, a moment earlier.
 *
 * <p>Readers are never blocked or refused by it and never see a partial page: a checkpoint copies only
 * committed pages, a reader keeps the snapshot it started with, and the locks the truncation takes are
 * those of the readers of the log, not of the file (the reader scenarios read with no busy timeout at
 * all while runs end). What waits is the run: a reader holding a read transaction for longer than
 * {@link #WAIT_MILLIS} keeps the log's pages it may still need, and the next run tries again.
 */
public final class WalCheckpoint {
    /**
     * How long the run waits for readers inside the log. Readers' transactions are short as a rule (a
     * query); a long one (a report) is not waited for: the run ends, and the next one checkpoints.
     */
    static final int WAIT_MILLIS = 500;

    private WalCheckpoint() {
    }

    /** What a checkpoint did: whether a reader kept it from emptying the log, the log, and its size after it. */
    public record Result(boolean emptied, Path wal, long walBytes) {
    }

    /**
     * Checkpoints and truncates the log if it holds anything; outside any transaction of the caller's
     * (after its commit).
     */
    public static Result afterRun(Replica replica) throws SQLException {
        Path wal = walOf(replica);
        if (size(wal) == 0) {
            return new Result(true, wal, 0);
        }
        boolean emptied;
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + WAIT_MILLIS);
            try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                // (busy, pages in the log, pages copied): busy means a reader still uses the log.
                emptied = rs.next() && rs.getInt(1) == 0;
            } finally {
                statement.execute("PRAGMA busy_timeout = " + Replica.busyTimeoutMillis);
            }
        }
        long after = size(wal);
        if (!emptied) {
            Log.debug("the write-ahead log of {} keeps {} bytes: a reader was still reading from it; the next"
                    + " run checkpoints it", replica.path(), after);
        }
        return new Result(emptied, wal, after);
    }

    /**
     * The log's file: SQLite names it after the database file as it knows it, a symlink's target when
     * the path given was a symlink to the file. The query's read transaction is ended at once: a
     * connection inside one cannot checkpoint.
     */
    static Path walOf(Replica replica) throws SQLException {
        String file;
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT file FROM pragma_database_list WHERE name = 'main'")) {
            file = rs.next() ? rs.getString(1) : null;
        }
        replica.commit();
        return Path.of((file == null || file.isEmpty() ? replica.path().toString() : file) + "-wal");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // no log (deleted by the last close), or none to read: nothing to checkpoint
        }
    }
}
