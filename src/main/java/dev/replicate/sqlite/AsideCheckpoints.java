package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * Checkpoints the write-ahead log on a thread and connection of its own while a first sync writes,
 * instead of in the writer's commits. Added for throughput (issue #17): in WAL mode every page of a
 * new table is written twice, to the log at its commit and to the file at a checkpoint, and SQLite
 * runs that checkpoint inside the commit that takes the log past 1,000 pages, on the thread that
 * also binds and inserts the rows. Profiled on a 1M-row first sync (JFR native samples, BENCHMARKS.md),
 * the writer's commits took as long as all its inserts, a quarter of that in the checkpoints (each
 * also syncs the log and the file). Here the writer's own automatic checkpoints are off, and a
 * passive checkpoint runs aside after commits, on the machine's other core, while the writer goes on.
 *
 * <p>Nothing about durability changes: a checkpoint only copies committed pages from the log into
 * the file, SQLite's locks keep it from copying a page a reader may still need from the log, and a
 * crash in the middle of one leaves the log to be checkpointed again on the next open. The log's
 * size stays bounded: SQLite starts it over from its beginning only when a write transaction begins
 * with every page already copied, which a checkpoint running beside a busy writer never leaves true;
 * so once the log passes {@link #RESTART_FRAMES} pages, the writer, right after a commit, waits for
 * the checkpoint in progress, copies the few pages committed since on its own connection, and keeps
 * the other thread from starting another until its next commit, when its new transaction has
 * started the log over.
 *
 * <p>The fallback, {@code -Dreplicate.sqlite.checkpointAside=false} ({@link WriteSettings}), leaves the
 * writer's automatic checkpoints as they are, as does a failure to open the second connection.
 */
public final class AsideCheckpoints implements AutoCloseable {
    /** The log's length, in pages, past which the writer has it started over: 32 MiB of 8 KiB pages. */
    static final long RESTART_FRAMES = 4096;
    /**
     * The least time between two checkpoints aside: each syncs the log and the file once. With 20 ms the
     * thread aside took 0.42 s of CPU for a 1M-row first sync, more than the 0.27 s it saved the writer;
     * with 100 ms, 0.29 s (perf, BENCHMARKS.md), about what SQLite's own checkpoints cost.
     */
    static final long PAUSE_MILLIS = 100;

    private final Replica replica;
    private final Connection aside;
    private final int autocheckpoint;
    private final long restartFrames;
    private final Thread thread;
    /** Held by whoever checkpoints: the thread aside for each of its checkpoints, the writer from a restart to its next commit. */
    private final ReentrantLock checkpointing = new ReentrantLock();
    private final Object signal = new Object();
    /** Commits not yet seen by the thread aside; guarded by {@link #signal}. */
    private long commits;
    private volatile boolean stopped;
    /** The log's length in pages at the last checkpoint aside (a restart clears it). */
    private volatile long logFrames;
    /** Whether the writer holds {@link #checkpointing} until its next commit. */
    private boolean holding;
    /** Times the writer had the log started over. */
    private int restarts;
    private volatile Throwable failure;

    private AsideCheckpoints(Replica replica, Connection aside, int autocheckpoint, long restartFrames) {
        this.restartFrames = restartFrames;
        this.replica = replica;
        this.aside = aside;
        this.autocheckpoint = autocheckpoint;
        this.thread = new Thread(this::loop, "replicate-checkpoint");
        this.thread.setDaemon(true);
    }

    /**
     * Starts checkpointing aside for the writes that follow, until {@link #close}; with {@code enabled}
     * false, or when the second connection cannot be opened, does nothing (the writer's automatic
     * checkpoints stay on).
     */
    public static AutoCloseable start(Replica replica, boolean enabled) throws SQLException {
        return start(replica, enabled, RESTART_FRAMES);
    }

    /** As {@link #start(Replica, boolean)}, the log started over past {@code restartFrames} pages (tests). */
    static AutoCloseable start(Replica replica, boolean enabled, long restartFrames) throws SQLException {
        if (!enabled || replica.commitListener() != null) {
            return () -> { };
        }
        Connection aside;
        try {
            aside = Replica.connectAside(replica.path());
        } catch (ReplicaException e) {
            Logger.debug(e, "no second connection to checkpoint aside; the writer checkpoints itself");
            return () -> { };
        }
        int autocheckpoint;
        try (Statement statement = replica.connection().createStatement()) {
            try (ResultSet rs = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
                autocheckpoint = rs.next() ? rs.getInt(1) : 1000;
            }
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException e) {
            aside.close();
            throw e;
        }
        AsideCheckpoints checkpoints = new AsideCheckpoints(replica, aside, autocheckpoint, restartFrames);
        replica.commitListener(checkpoints::committed);
        checkpoints.thread.start();
        return checkpoints;
    }

    /** After each of the writer's commits, on the writer's thread. */
    private void committed() throws SQLException {
        if (holding) {
            // The transaction begun since the restart has started the log over (or a reader of the
            // log's pages kept it from that: the next restart tries again).
            holding = false;
            checkpointing.unlock();
        }
        synchronized (signal) {
            commits++;
            signal.notifyAll();
        }
        if (logFrames >= restartFrames) {
            checkpointing.lock();
            holding = true;
            restarts++;
            logFrames = 0;
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
            }
        }
    }

    int restarts() {
        return restarts;
    }

    private void loop() {
        long seen = 0;
        try (Statement statement = aside.createStatement()) {
            while (!stopped) {
                synchronized (signal) {
                    while (!stopped && commits == seen) {
                        signal.wait();
                    }
                    seen = commits;
                }
                if (stopped) {
                    return;
                }
                checkpointing.lock();
                try {
                    try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                        if (rs.next()) {
                            logFrames = rs.getLong(2);
                        }
                    }
                } finally {
                    checkpointing.unlock();
                }
                Thread.sleep(PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            // The writer's commits are unaffected; what is not copied now, the run's last checkpoint copies.
            failure = e;
        }
    }

    /** Stops the thread aside, closes its connection and gives the writer its automatic checkpoints back. */
    @Override
    public void close() throws SQLException {
        stopped = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (holding) {
            // before the join: the thread may be waiting for this lock
            holding = false;
            checkpointing.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replica.commitListener(null);
        if (failure != null) {
            Logger.debug(failure, "checkpointing aside stopped");
        }
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = " + autocheckpoint);
        } finally {
            aside.close();
        }
    }
}
