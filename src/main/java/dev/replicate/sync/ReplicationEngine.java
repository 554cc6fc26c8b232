package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.log.Log;
import dev.replicate.source.Source;
import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import dev.replicate.sqlite.HandMadeTriggers;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.ReplicaException;
import dev.replicate.sqlite.ReplicaLock;
import dev.replicate.sqlite.RunLog;
import dev.replicate.sqlite.ShadowTable;
import dev.replicate.sqlite.SqliteSql;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.UnemptiedLog;
import dev.replicate.sqlite.WalCheckpoint;
import dev.replicate.sqlite.WriteLockWait;
import dev.replicate.sqlite.WriteSettings;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One pass over the tables that are due. Each table runs on its own: a table that fails is recorded
 * and the next one runs. Only trouble with the SQLite file itself (full, read-only, unreadable) stops
 * the pass, since no other table could succeed either.
 */
public final class ReplicationEngine {
    static final Runnable NO_HOOK = () -> {
    };

    /**
     * A test's seam: run at the start of each try of the run's start (its drops of leftover copies, respellings
     * and their notes), so that an application's write lock taken there refuses the try. Does nothing otherwise.
     */
    static volatile Runnable beforeStartWrites = NO_HOOK;

    /** A test's seam: run in the run's start between its drops of leftover copies and their notes. */
    static volatile Runnable betweenStartDropsAndNotes = NO_HOOK;

    private final SourceRegistry registry;
    private final Clock clock;
    private final RunListener listener;
    private final WriteSettings settings;
    /** Records the table under way if the process is stopped by a signal; null when not wanted (in-process callers). */
    private StopRecorder stops;
    /** The run's lock, whose file keeps since when the runs' checkpoints are kept from emptying the log; or null. */
    private ReplicaLock lock;

    /**
     * Which tables to run: all that are due, all (forced), or the named targets (forced); and the
     * targets whose reconcile may delete past its guard ({@code --allow-mass-delete}), which run too,
     * due or not, and reconcile now.
     */
    public record Selection(boolean force, Set<String> targets, Set<String> allowMassDelete) {
        public static final Selection DUE = new Selection(false, Set.of());

        public Selection(boolean force, Set<String> targets) {
            this(force, targets, Set.of());
        }

        boolean includes(TableConfig table) {
            return targets.isEmpty() || targets.contains(table.target()) || allowMassDelete.contains(table.target());
        }

        boolean ignoresSchedule() {
            return force || !targets.isEmpty();
        }
    }

    /** An engine with the default write path; the CLI passes the user's switches instead (see RunCommand). */
    public ReplicationEngine(SourceRegistry registry, Clock clock, RunListener listener) {
        this(registry, clock, listener, WriteSettings.DEFAULT);
    }

    public ReplicationEngine(SourceRegistry registry, Clock clock, RunListener listener, WriteSettings settings) {
        this.registry = registry;
        this.clock = clock;
        this.listener = listener;
        this.settings = settings;
    }

    /** Has {@code recorder} record the table under way when the process is stopped by a signal. */
    public ReplicationEngine recordingStops(StopRecorder recorder) {
        this.stops = recorder;
        return this;
    }

    /**
     * Has the run keep, in {@code lock}'s file, since when the runs' checkpoints have not emptied the
     * write-ahead log, and say so once that is long (see {@link UnemptiedLog}).
     */
    public ReplicationEngine recordingCheckpoints(ReplicaLock lock) {
        this.lock = lock;
        return this;
    }

    public RunReport run(ReplicationConfig config, Replica replica, Selection selection) throws ReplicaException {
        Instant started = clock.instant();
        List<TableOutcome> outcomes = new ArrayList<>();
        try {
            Map<String, TableState> states = prepare(config, replica);
            for (SourceConfig source : config.sources()) {
                List<TableConfig> due = source.tables().stream()
                        .filter(selection::includes)
                        // A target's state another table left does not count: due at once, as a new table is.
                        .filter(t -> selection.ignoresSchedule() || selection.allowMassDelete().contains(t.target())
                                || isDue(TableState.of(states, TableSync.id(source, t)).orElse(null), t))
                        .toList();
                if (!due.isEmpty()) {
                    runSource(config, source, due, replica, states, outcomes, selection.allowMassDelete());
                }
            }
            WriteLockWait.run(replica, () -> {
                new RunLog(replica).prune(clock.instant(), config.logRetentionDays());
                replica.commit();
            });
        } catch (SQLException e) {
            replica.rollbackQuietly();
            throw new ReplicaException("cannot use the SQLite file " + replica.path() + ": " + Replica.describe(e), e);
        }
        checkpoint(replica);
        return new RunReport(List.copyOf(outcomes), Duration.between(started, clock.instant()));
    }

    /**
     * The states of the targets, once the copies of full tables no longer configured are dropped and
     * targets spelt anew in case are respelt: the lot waited for and run again as a table's pass is
     * when SQLite refuses it the write lock (see {@link WriteLockWait}). One transaction: a drop and its note
     * commit together, so that no kill or refusal between them leaves the copy gone and its note unwritten
     * (the try after a refusal drops it again, and notes it). The read ends with the commit:
     * a run in which no table is due writes next only its log's prune, and a transaction that had read
     * would be refused at once while an application holds the write lock, without the busy timeout's wait.
     */
    private static Map<String, TableState> prepare(ReplicationConfig config, Replica replica)
            throws ReplicaException, SQLException {
        List<Map<String, TableState>> read = new ArrayList<>(1);
        List<String> dropped = new ArrayList<>();
        WriteLockWait.run(replica, () -> {
            read.clear();
            dropped.clear();
            beforeStartWrites.run();
            dropped.addAll(ShadowTable.dropOrphans(replica, fullTargets(config)));
            betweenStartDropsAndNotes.run();
            StateStore store = new StateStore(replica);
            List<TableState> all = store.all();
            boolean respelt = respellTargets(config, replica, all);
            // Noted once the targets are respelt: the note goes on the state row spelt as configured.
            boolean noted = noteDroppedCopies(config, replica, dropped);
            if (respelt || noted) {
                all = store.all();
            }
            read.add(StateStore.byTable(all));
            replica.commit();
        });
        for (String orphan : dropped) {
            Log.info("dropped {}, the partial copy of a full table that is no longer configured (removed,"
                    + " renamed or made incremental) left by an interrupted run", orphan);
        }
        return read.get(0);
    }

    /**
     * Empties the write-ahead log once everything is committed (see {@link WalCheckpoint}). What the run
     * wrote is committed whether or not this succeeds, so a failure here is said, not the run's failure:
     * the next run checkpoints again, and meets any trouble with the file in its own writes. A log that no
     * run's checkpoint has emptied for {@link UnemptiedLog#SAID_AFTER} is said as a warning.
     */
    private void checkpoint(Replica replica) {
        try {
            WalCheckpoint.Result result = WalCheckpoint.afterRun(replica);
            if (lock == null) {
                return;
            }
            Instant now = clock.instant();
            Optional<Instant> since = UnemptiedLog.record(lock, result.emptied(), now);
            if (since.isPresent() && UnemptiedLog.worthSaying(since.get(), now)) {
                // No report outlasts that by chance. Until the reader lets go the log grows with every run
                // (checkpoint starvation), and only the user can end its transaction.
                Log.warn("the write-ahead log {} holds {} bytes and no run has emptied it for {} minutes (since {}):"
                        + " a reader has stayed inside one read transaction across runs (an application's connection"
                        + " with autocommit off, a sqlite3 shell left inside BEGIN, a report that runs that long)."
                        + " Until it ends, the log grows with every run and that reader sees none of their rows; once"
                        + " it commits or rolls back, the next run empties the log", result.wal(), result.walBytes(),
                        Duration.between(since.get(), now).toMinutes(), since.get());
            }
        } catch (SQLException e) {
            Log.warn("the write-ahead log of {} could not be checkpointed: {}", replica.path(), Replica.describe(e));
            Log.debug(e, "checkpoint");
        } catch (IOException e) {
            // Only the record of it: the next run that cannot empty the log starts counting anew.
            Log.debug(e, "the lock file's record of the checkpoint");
        }
    }

    /**
     * The full tables' targets, whose copies are their own runs' to drop: a killed run's copy of any other
     * target is dropped at the run's start (see {@link ShadowTable#dropOrphans}); a run holds the lock, so no
     * other is writing one.
     */
    private static List<String> fullTargets(ReplicationConfig config) {
        return config.allTables().stream().filter(t -> t.mode() == TableMode.FULL).map(TableConfig::target).toList();
    }

    /**
     * The drop of a copy whose target is still configured (made incremental since) kept for that target's next
     * log row, as a respelling is ({@link StateStore#notePending}): the info line alone (shown with -v, written to
     * the --log-file) reaches no one who reads the log or status. A target with no state row yet gets the row its
     * first run would open (no position, no outcome), so that the note has somewhere to wait; a removed or renamed
     * target has no row to carry it. In the caller's transaction, with the drops.
     *
     * @return whether a note was kept (the run reads the states again then)
     */
    private static boolean noteDroppedCopies(ReplicationConfig config, Replica replica, List<String> dropped)
            throws SQLException {
        if (dropped.isEmpty()) {
            return false;
        }
        StateStore store = new StateStore(replica);
        boolean noted = false;
        for (SourceConfig sourceConfig : config.sources()) {
            for (TableConfig table : sourceConfig.tables()) {
                String copy = ShadowTable.nameOf(table.target());
                if (dropped.stream().noneMatch(name -> SqliteSql.foldCase(name).equals(SqliteSql.foldCase(copy)))) {
                    continue;
                }
                store.open(TableSync.id(sourceConfig, table), watermarkColumn(table));
                store.notePending(table.target(), "dropped " + copy + ", the partial copy an interrupted run left"
                        + " behind when " + table.target() + " was a full table (\"mode\": \"full\")");
                noted = true;
            }
        }
        return noted;
    }

    /**
     * A target spelt anew in case only keeps its state (see {@link StateStore#respell}).
     *
     * @return whether a state changed its spelling (the run reads the states again then)
     */
    private static boolean respellTargets(ReplicationConfig config, Replica replica, Collection<TableState> states)
            throws SQLException {
        List<String> targets = config.allTables().stream().map(TableConfig::target).toList();
        StateStore store = new StateStore(replica);
        Map<String, String> respelt = store.respell(states, targets);
        for (Map.Entry<String, String> one : respelt.entrySet()) {
            String note = "the state of " + one.getKey() + " is now that of " + one.getValue()
                    + ": the target is spelt so in the configuration, and SQLite's names ignore case";
            Log.info("{}", note);
            // Kept in the state, not in this process: the table may not run now (not due, not selected).
            store.notePending(one.getValue(), note);
        }
        // Committed with the run's start (prepare), before any table runs: a table that fails rolls its own
        // transaction back, and its outcome would then make a second row.
        return !respelt.isEmpty();
    }

    /**
     * The listener a table's sync reports to: the run's, and the stop recorder after each committed page;
     * its rows counted on from {@code rowsBefore}, those earlier tries of the table's pass committed.
     */
    private RunListener tableListener(long rowsBefore) {
        if (stops == null && rowsBefore == 0) {
            return listener;
        }
        return new RunListener() {
            @Override
            public void tableStarted(String target) {
                listener.tableStarted(target);
            }

            @Override
            public boolean wantsRowEstimates() {
                return listener.wantsRowEstimates();
            }

            @Override
            public void expectedRows(String target, long rows) {
                listener.expectedRows(target, rows);
            }

            @Override
            public void progress(String target, long rowsSoFar) {
                if (stops != null) {
                    stops.committed(rowsBefore + rowsSoFar);
                }
                listener.progress(target, rowsBefore + rowsSoFar);
            }

            @Override
            public void tableFinished(TableOutcome outcome) {
                listener.tableFinished(outcome);
            }
        };
    }

    private boolean isDue(TableState state, TableConfig table) {
        Optional<Instant> lastRun = state == null ? Optional.empty() : state.lastRunTs();
        return DuePolicy.isDue(lastRun, table.intervalSeconds(), clock.instant());
    }

    /** Opens the source once for all its due tables; if it cannot be opened, each of them fails with that reason. */
    private void runSource(ReplicationConfig config, SourceConfig sourceConfig, List<TableConfig> tables, Replica replica,
                           Map<String, TableState> states, List<TableOutcome> outcomes, Set<String> allowMassDelete)
            throws ReplicaException, SQLException {
        SourceConnector connector = registry.find(sourceConfig.type()).orElseThrow();
        Source source = null;
        String openError = null;
        try {
            source = connector.open(sourceConfig.settings());
        } catch (Exception e) {
            openError = "cannot connect to " + sourceConfig.name() + ": " + ErrorText.of(e);
            Log.debug(e, "cannot connect to {}", sourceConfig.name()); // with -vv, the whole story
        }
        // What the passes ask the source about their tables, asked together as the run reaches them (a batch per connection).
        TableBatch batch = source == null ? TableBatch.NONE : new TableBatch(source, tables, clock);
        try {
            for (int i = 0; i < tables.size(); i++) {
                TableConfig table = tables.get(i);
                // The target's state, whichever table left it: TableSync tells (and forgets) another's.
                Optional<TableState> previous = Optional.ofNullable(
                        states.get(TableSync.id(sourceConfig, table).stateKey()));
                TableOutcome outcome = runTable(config, sourceConfig, table, previous, source, batch, openError,
                        replica, allowMassDelete.contains(table.target()));
                outcomes.add(outcome);
                // A table that failed may have left the shared connection unusable (cut by the server,
                // a network error, an aborted transaction), which would fail every later table of the
                // source with "connection has been closed"; so may a table that did not fail (a question asked
                // for several tables whose answer never came). Open a fresh one for the next table; if that
                // fails too, the remaining tables fail with the reason. (Found by the fault scenarios:
                // SourceTroubleScenarios#theSourceCutMidRunFailsThatTableAndTheOthersStillComplete.)
                if (source != null && (!outcome.ok() || !source.usable()) && i < tables.size() - 1) {
                    closeQuietly(source, sourceConfig);
                    source = null;
                    batch = TableBatch.NONE;
                    try {
                        source = connector.open(sourceConfig.settings());
                        batch = new TableBatch(source, tables, clock);
                    } catch (Exception e) {
                        openError = "cannot connect to " + sourceConfig.name() + ": " + ErrorText.of(e);
                    }
                }
            }
        } finally {
            if (source != null) {
                closeQuietly(source, sourceConfig);
            }
        }
    }

    /**
     * The failure a table's error tells: {@code e}, unless SQLite refused the try the write lock while the source
     * went quiet under its read (kept with it, PageCopy): the pass then does not run again because the read's
     * failure left the connection unusable, and "database is locked", explained as a lost connection, hid the
     * silence (SourceTroubleScenarios#anApplicationWritesToTheReplicaWhileTheSourceIsQuietInTheMiddleOfAPage).
     */
    private static Exception told(Source source, Exception e) {
        if (e instanceof SQLException sql && Replica.isLockRefused(sql) && !source.usable()) {
            for (Throwable suppressed : e.getSuppressed()) {
                if (suppressed instanceof Exception read && source.stoppedAnswering(read)) {
                    return read;
                }
            }
        }
        return e;
    }

    /**
     * Whether to run a table's pass again after {@code e}: SQLite refused it the write lock and the lock
     * was had in time (see {@link WriteLockWait#awaited}); not had in time, the run stops.
     */
    private static boolean awaited(WriteLockWait lockWait, SQLException e, Replica replica) throws ReplicaException {
        try {
            return lockWait.awaited(e);
        } catch (SQLException timedOut) {
            throw new ReplicaException("cannot write the SQLite file " + replica.path() + ": "
                    + Replica.describe(timedOut), timedOut);
        }
    }

    private static void closeQuietly(Source source, SourceConfig sourceConfig) {
        try {
            source.close();
        } catch (Exception e) {
            Log.debug(e, "closing {}", sourceConfig.name());
        }
    }

    /** What {@code _replicate_watermarks} holds as the table's watermark column (see FullRefresh#NO_WATERMARK). */
    private static String watermarkColumn(TableConfig table) {
        return table.watermark().orElse(FullRefresh.NO_WATERMARK);
    }

    private TableOutcome runTable(ReplicationConfig config, SourceConfig sourceConfig, TableConfig table,
                                  Optional<TableState> previous, Source source, TableBatch batch, String openError,
                                  Replica replica, boolean massDeleteAllowed)
            throws ReplicaException, SQLException {
        Instant started = clock.instant();
        listener.tableStarted(table.target());
        TableId id = TableSync.id(sourceConfig, table);
        if (stops != null) {
            stops.tableStarted(id, watermarkColumn(table), table.mode(), started);
        }
        RetriedPass sync = new RetriedPass(TablePass.of(sourceConfig, table, previous, replica, tableListener(0),
                started, settings, massDeleteAllowed, clock));
        String error = openError;
        boolean ranBefore = previous.isPresent();
        WriteLockWait lockWait = new WriteLockWait(replica);
        while (source != null) {
            try {
                sync.run(source, batch);
                break;
            } catch (Exception e) {
                // Refused the write lock, at once when its transaction had read first: wait for it as the busy
                // timeout would, then run the pass again (as a rerun would: every page committed with its
                // cursor), from the state as it now stands; not over a source connection the try left unusable
                // (runSource opens another for the next table), nor once the process was told to stop.
                if (e instanceof SQLException sql && Replica.isLockRefused(sql) && source.usable()
                        && awaited(lockWait, sql, replica)) {
                    Log.debug(e, "{}: refused the write lock; waited for it to run the table again", table.target());
                    if (stops != null) {
                        stops.beforeRetry();
                    }
                    Optional<TableState> now = Optional.ofNullable(
                            StateStore.byTable(new StateStore(replica).all()).get(id.stateKey()));
                    replica.commit(); // the read ended, as the run's own read of the states is (see prepare)
                    sync.again(rowsBefore -> TablePass.of(sourceConfig, table, now, replica,
                            tableListener(rowsBefore), started, settings, massDeleteAllowed, clock).retrying());
                    continue;
                }
                replica.rollbackQuietly();
                if (e instanceof SQLException sql && Replica.isFileLevel(sql)) {
                    throw new ReplicaException("cannot write the SQLite file " + replica.path() + ": "
                            + Replica.describe(sql), sql);
                }
                String next = "the other tables went on, and the next run tries this one again";
                Exception told = told(source, e);
                error = SourceTrouble.explained(sourceConfig, source, told,
                        told instanceof TableFailure ? told.getMessage() : ErrorText.of(told), next, next);
                // SQLite's words for a trigger of the user's that broke name neither it nor the table it is on. Not
                // a full table's: its rows load into a copy without triggers, the user's made again only at the swap
                // (ShadowTable#swap, which names one that does not fit), so none runs inside its writes.
                if (table.mode() != TableMode.FULL) {
                    String said = error;
                    error = HandMadeTriggers.explaining(replica, table.target(), told).map(why -> said + "; " + why)
                            .orElse(error);
                }
                Log.debug(e, "{} failed", table.target());
            } catch (OutOfMemoryError e) {
                // Caught here, where the rows the table held are out of reach: its failure can be
                // recorded and the other tables go on, as after any other failed table.
                replica.rollbackQuietly();
                error = OutOfMemory.explained(e);
                Log.debug(e, "{} failed", table.target());
            }
            break;
        }
        TablePass pass = sync;
        error = config.secrets().mask(error);
        Instant finished = clock.instant();
        String notes = pass.notes().isEmpty() ? null : config.secrets().mask(String.join("\n", pass.notes()));
        String failure = error;
        StopRecorder.Recording recording = () -> {
            new StateStore(replica).recordOutcome(id, watermarkColumn(table), started, failure == null, failure,
                    pass.rowsPulled(), pass.rowsReread(), pass.rowsDeleted(), pass.sourceNewest());
            // What an earlier run did to the target's state (StateStore#notePending) goes on this row.
            Optional<String> pending = new StateStore(replica).takePendingNotes(id.target());
            String allNotes = pending.isEmpty() ? notes : config.secrets().mask(
                    notes == null ? pending.get() : notes + "\n" + pending.get());
            new RunLog(replica).append(id, started, finished, pass.rowsPulled(), OptionalLong.of(pass.rowsChanged()),
                    pass.rowsDeleted(), failure == null, failure, allNotes);
            replica.commit();
        };
        // Its transaction reads (the pending notes) before it writes: refused, it is waited for as a pass is.
        WriteLockWait.run(replica, stops == null ? recording::run : () -> stops.recordOutcome(recording));
        TableOutcome outcome = new TableOutcome(table.target(), sourceConfig.name(), id.table(), pass.rowsPulled(),
                pass.rowsReread(), pass.rowsChanged(), pass.rowsDeleted(), Duration.between(started, finished),
                Optional.ofNullable(error), List.copyOf(pass.notes()), ranBefore);
        listener.tableFinished(outcome);
        return outcome;
    }
}
