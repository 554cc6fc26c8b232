package dev.replicate.sync;

import dev.replicate.config.TableMode;
import dev.replicate.log.Log;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.RunLog;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Records the table a run was working on when the process is told to stop (SIGTERM from systemd,
 * docker or a shutdown; SIGINT from Ctrl-C; SIGHUP): failed, "interrupted", in
 * {@code _replicate_watermarks} and {@code _replicate_log}. Before, such a run left no trace, and
 * {@code status} showed the table's previous run as its last (issue #14).
 *
 * <p>It runs as a shutdown hook: the JVM runs those on these signals, and no other exit happens
 * while a table is under way ({@code Main} exits only after the command returned). The hook writes
 * through a connection of its own, since the run's connection belongs to the run's thread, which
 * keeps going while the hook runs. The hook and the run take turns on this object's monitor: once
 * the hook has claimed the table, the run commits no further page, outcome or table, so the table
 * gets exactly one row for this run; the JVM then halts. A full table's swap under way when the hook
 * claims it still commits (it holds the write lock the hook waits for), with its success: the hook then
 * keeps that, and writes only the log row the run's thread no longer will. Pages committed before stay,
 * each with its watermark, as after a kill.
 */
public final class StopRecorder {
    /** The log row's notes when the stop came after the table was done, its success committed. */
    static final String DONE_BEFORE_STOP = "done before replicate was stopped by a signal (SIGTERM, SIGINT or SIGHUP):"
            + " its success stands; this run's notes on it were not recorded";
    private static final String INTERRUPTED = "interrupted: replicate was stopped by a signal (SIGTERM, SIGINT or"
            + " SIGHUP) during this table; ";

    /** What the hook knows of a full table's SQLite table when it records the stop. */
    enum SqliteTable {
        /** There: its last whole copy, which the next run replaces. */
        KEPT,
        /** Not there: it appears at the swap of the table's first whole copy. */
        NONE_YET,
        /** Not known: the check failed, and the record is written all the same, in words for either case. */
        UNKNOWN
    }

    /**
     * What the table's record says: an incremental table's pages committed each with its cursor, so the
     * next run goes on from there; a full table's went into a copy the next run drops ({@link FullRefresh}),
     * and the SQLite table stays as the last swap left it: its last whole copy, or none on a first run (the
     * table appears at the swap), which {@code sqliteTable} tells.
     */
    static String interrupted(TableMode mode, SqliteTable sqliteTable) {
        return interrupted(mode, sqliteTable, true);
    }

    /**
     * As above; {@code positionKept} false for an incremental table whose state holds no position (no cursor,
     * no first sync's progress): stopped before its first sync committed a page, it has none to go on from,
     * and the next run syncs it from the start ({@link SnapshotCommit#record}).
     */
    static String interrupted(TableMode mode, SqliteTable sqliteTable, boolean positionKept) {
        if (mode != TableMode.FULL && !positionKept) {
            return INTERRUPTED + "no page of it was committed yet, so the next run syncs it from the start";
        }
        return INTERRUPTED + (mode == TableMode.FULL
                ? "it is copied whole (\"mode\": \"full\"), so the next run drops the partial copy and copies it"
                        + " again from the start; " + switch (sqliteTable) {
                            case KEPT -> "the SQLite table keeps its last whole copy meanwhile";
                            case NONE_YET -> "there is no SQLite table yet: it appears once a run has copied the"
                                    + " table whole";
                            case UNKNOWN -> "the SQLite table, if there is one, keeps its last whole copy meanwhile";
                        }
                : "the next run goes on from its last committed page");
    }

    /**
     * Whether {@code target}'s SQLite table is there, asked inside the hook's write transaction; a failed
     * check is no reason to leave the stop unrecorded (it was written before the check was made).
     */
    static SqliteTable sqliteTable(Replica replica, String target) {
        try {
            return TargetTable.exists(replica, target) ? SqliteTable.KEPT : SqliteTable.NONE_YET;
        } catch (java.sql.SQLException e) {
            Log.debug(e, "checking whether {} is there", target);
            return SqliteTable.UNKNOWN;
        }
    }

    private final Path database;
    private final Clock clock;
    private final Thread hook = new Thread(this::recordStop, "replicate-stop-recorder");
    /** The table under way, or null; guarded by this. */
    private Current current;
    /** Whether the hook has claimed the run; guarded by this. */
    private boolean stopped;

    private record Current(TableId id, String watermarkColumn, TableMode mode, Instant started,
                           long rowsCommitted) {
    }

    private StopRecorder(Path database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Installs the hook for a run on {@code database}; {@link #uninstall} when the run is over. */
    public static StopRecorder install(Path database, Clock clock) {
        StopRecorder recorder = new StopRecorder(database, clock);
        Runtime.getRuntime().addShutdownHook(recorder.hook);
        return recorder;
    }

    public void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it records what was under way
        }
    }

    synchronized void tableStarted(TableId id, String watermarkColumn, TableMode mode, Instant started) {
        awaitHalt();
        current = new Current(id, watermarkColumn, mode, started, 0);
    }

    /** After a page's commit: a stopped run commits nothing more. */
    synchronized void committed(long rows) {
        if (current != null) {
            current = new Current(current.id, current.watermarkColumn, current.mode, current.started, rows);
        }
        awaitHalt();
    }

    /** Before a table's pass runs again within the run (see RetriedPass): a stopped run does not. */
    synchronized void beforeRetry() {
        awaitHalt();
    }

    /**
     * Runs the recording of a table's outcome (and its commit) unless the hook has claimed the table,
     * in which case the run's thread waits for the JVM to halt. Held across the recording, so that the
     * hook cannot claim a table whose outcome is being written.
     */
    synchronized void recordOutcome(Recording recording) throws java.sql.SQLException {
        awaitHalt();
        recording.run();
        current = null;
    }

    /** Writes a table's outcome; see {@link #recordOutcome}. */
    @FunctionalInterface
    interface Recording {
        void run() throws java.sql.SQLException;
    }

    /** Once the hook has claimed the run, the run's thread only waits: the JVM halts when the hook ends. */
    private void awaitHalt() {
        while (stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The table's state row, if it has one; read once by the hook, which decides both questions below from it. */
    static Optional<TableState> stateOf(Replica replica, TableId id) throws java.sql.SQLException {
        return Optional.ofNullable(new StateStore(replica).byTable().get(id.stateKey()));
    }

    /**
     * The table's state, if it shows a success of this run: a full table's swap commits one with the table,
     * before the run's thread records the outcome (which the stop then keeps it from doing). This run's, not
     * one at or after its start: a clock stepped back since an earlier run (an NTP step, a resumed VM) would
     * make that run's success look like this one's, and the stop would go unrecorded.
     */
    static Optional<TableState> doneSince(Optional<TableState> state, Instant started) {
        Instant run = started.truncatedTo(ChronoUnit.MILLIS); // as the state holds it
        return state.filter(s -> s.lastOk().orElse(false) && s.lastSuccessTs().filter(run::equals).isPresent());
    }

    /** Whether the table's state holds a position a run goes on from: a cursor, or a first sync's progress. */
    static boolean positionKept(Optional<TableState> state) {
        return state.filter(s -> s.lastValue().isPresent() || s.snapshot().isPresent()).isPresent();
    }

    private void recordStop() {
        Current table;
        synchronized (this) {
            stopped = true;
            table = current;
        }
        if (table == null) {
            return;
        }
        // The run's thread may be inside a page's transaction, which stays open while the page's rows
        // arrive from the source (PageWriter writes them as they come, in groups of 32), but commits
        // what it has once the source keeps the next rows waiting (PageCopy). This connection's busy
        // timeout waits for that commit; a page whose writing alone outlasts the timeout leaves the
        // table unrecorded, with the reason on stderr below, and loses nothing: the page rolls back
        // with its watermark when the process ends.
        try (Replica replica = Replica.openForWriting(database)) {
            // The lock first, then what is decided from the file: a full table's swap holds the lock while it
            // makes the table and its indexes, and commits the table whole with its success; read before the
            // lock, the file said "no table yet" of a first run whose table then appeared (and the record
            // written over its success said so). Waited for as said above.
            replica.holdWriteLock();
            Instant finished = clock.instant();
            Optional<TableState> state = stateOf(replica, table.id);
            Optional<TableState> done = doneSince(state, table.started);
            if (done.isPresent()) {
                // The run's thread will not write the table's log row (it waits for the halt): this is it.
                new RunLog(replica).append(table.id, table.started, finished, done.get().lastRowsPulled(),
                        java.util.OptionalLong.empty(), 0, true, null, DONE_BEFORE_STOP);
                replica.commit();
                System.err.println(table.id.target() + ": " + DONE_BEFORE_STOP);
                return;
            }
            // Asked of a full table only: an incremental table's words name no SQLite table.
            String interrupted = interrupted(table.mode, table.mode == TableMode.FULL
                    ? sqliteTable(replica, table.id.target()) : SqliteTable.UNKNOWN,
                    table.mode == TableMode.FULL || positionKept(state));
            new StateStore(replica).recordOutcome(table.id, table.watermarkColumn, table.started, false, interrupted,
                    table.rowsCommitted, 0, 0, Optional.empty());
            new RunLog(replica).append(table.id, table.started, finished, table.rowsCommitted,
                    java.util.OptionalLong.empty(), 0, false, interrupted, null);
            replica.commit();
            System.err.println(table.id.target() + " failed: " + interrupted);
        } catch (Exception e) {
            System.err.println("replicate: stopped by a signal during " + table.id.target()
                    + ", and could not record that in " + database + ": " + Replica.describe(e));
            Log.debug(e, "recording the stop");
        }
    }
}
