package dev.replicate.sync;

import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.log.Counted;
import dev.replicate.log.Log;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WholeRead;
import dev.replicate.sqlite.PageWriter;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.ReplicaIndexes;
import dev.replicate.sqlite.ShadowTable;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TargetRecord;
import dev.replicate.sqlite.IndexNameTaken;
import dev.replicate.sqlite.TargetNameTaken;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A full table's pass ({@code "mode": "full"}): the whole table is read on every due run into a copy
 * beside the SQLite table, page by page, then swapped with it in one transaction that also records
 * the table's state ({@link ShadowTable}). Readers see the old rows or the new rows, never a mix and
 * never an empty table. A crash before the swap leaves the old table and its state as they were; the
 * copy it leaves behind is dropped by the next run.
 *
 * <p>No source is asked whether the table changed: neither built-in source has a signal that is both
 * exact and cheap (PostgreSQL's pg_stat counters are updated asynchronously and can be reset; InnoDB's
 * UPDATE_TIME is kept in memory, to the second; CHECKSUM TABLE reads the whole table and sums CRC32s),
 * and a table is never skipped on a guess. So every due run rewrites the table.
 *
 * <p>The guard: a read that returns no row, while the SQLite table holds some, is not swapped in. A
 * source that answers with nothing (a lost permission, a {@code "where"} that matches nothing, a table
 * truncated while it is reloaded) must never empty a replica silently: the table fails, the old rows
 * and the state stay, and {@code replicate run --allow-mass-delete TARGET} lets the empty copy through
 * when the rows really are gone. A copy that is smaller, but not empty, is swapped in: see the README
 * ("Full tables") for why no share of the rows guards a full table as {@code maxDeletePercent} guards
 * a reconcile.
 */
final class FullRefresh implements TablePass {
    /**
     * What a full table stores as its watermark column in {@code _replicate_watermarks}, whose column
     * is NOT NULL: an empty name, which no incremental table has (the configuration refuses it), with
     * no watermark type and no cursor. A release before full tables that meets the row sees a table
     * without a cursor, and syncs it from the start if it is configured incremental there.
     */
    static final String NO_WATERMARK = "";

    private final TableId id;
    private final TableConfig config;
    private final Replica replica;
    private final RunListener listener;
    private final Instant runStarted;
    private final WriteSettings settings;
    private final TableBooks books;
    private boolean massDeleteAllowed;
    /** Whether an earlier try of this run's began a copy (see {@link #retrying}). */
    private boolean retry;

    FullRefresh(SourceConfig source, TableConfig config, Replica replica, RunListener listener, Instant runStarted,
                WriteSettings settings) {
        this.id = TableSync.id(source, config);
        this.config = config;
        this.replica = replica;
        this.listener = listener;
        this.runStarted = runStarted;
        this.settings = settings;
        this.books = new TableBooks(config.target());
    }

    /** Lets this run swap in an empty copy over a table that has rows ({@code run --allow-mass-delete TARGET}). */
    FullRefresh allowingMassDelete(boolean allowed) {
        this.massDeleteAllowed = allowed;
        return this;
    }

    @Override
    public boolean countsCarryOver() {
        return false;
    }

    /** A copy left behind is then this run's own, begun by the try before: dropped without a note. */
    @Override
    public TablePass retrying() {
        this.retry = true;
        return this;
    }

    @Override
    public void run(Source source, TableBatch batch) throws Exception {
        replica.migrationNote(config.target()).ifPresent(books::note);
        if (replica.remadeStateTables().contains("_replicate_log")) {
            books.note("_replicate_log was missing (dropped by hand?) and was made again: the run history before"
                    + " this run is gone");
        }
        TableSchema schema = EntryReflection.reflect(source, config, batch);
        FullPlan plan = TablePlanner.full(config, schema);
        String target = config.target();
        boolean existed = TargetTable.exists(replica, target);
        if (!existed) {
            TableFailure.ifFound(TargetNameTaken.check(replica, target, config.jsonPath()));
        }
        TableFailure.ifFound(TargetNameTaken.checkCopy(replica, target, config.jsonPath()));
        TableFailure.ifFound(IndexNameTaken.check(replica, target, plan.indexes(), config.indexEntries(),
                existed ? ReplicaIndexes.existing(replica, target) : List.of()));
        if (existed && !TargetRecord.made(replica, target)) {
            throw new TableFailure(TargetRecord.notMadeConflict(replica, target, "a full table's SQLite table is"
                    + " replaced whole on every run, which would drop it"));
        }
        if (ShadowTable.dropLeftover(replica, target) && !retry) {
            books.note("dropped " + ShadowTable.nameOf(target) + ", the partial copy an interrupted run left behind");
        }
        // The statistics count every row: with a filter the estimate, and the ETA, would be wrong.
        if (plan.where().isEmpty() && listener.wantsRowEstimates()) {
            expectRows(source, schema);
        }
        TargetTable shadow = ShadowTable.create(replica, target, plan.columns(), plan.key());
        boolean swapped = false;
        try {
            load(source, plan, shadow);
            if (!massDeleteAllowed) {
                refuseToEmpty(plan);
            }
            // Excluded columns the old table holds: their values must not outlive it in free pages.
            List<String> erased = existed && !plan.excluded().isEmpty()
                    ? TargetTable.columnsPresent(replica, target, plan.excluded()) : List.of();
            StateStore state = new StateStore(replica);
            long rows = books.rowsPulled;
            ShadowTable.swap(replica, target, plan.indexes(), !erased.isEmpty(), () -> {
                // Where the table stands is "no cursor" (also after it was incremental), and the run is a
                // success as of the swap, so that the table counts as replicate's at once (TargetRecord).
                state.advance(id, NO_WATERMARK, null, null, runStarted);
                state.recordOutcome(id, NO_WATERMARK, runStarted, true, null, rows, 0, 0, Optional.empty());
                // Every column of the copy is replicate's, whatever an incremental past recorded: made
                // incremental again, the table must not take a column the source added meanwhile for one
                // added by hand.
                state.recordColumnsMade(target, plan.columns().stream().map(SourceColumn::name).toList());
            }).forEach(books::note);
            swapped = true;
            if (!erased.isEmpty()) {
                books.note(Counted.named("column", erased) + " " + Counted.agreeing(erased.size(), "is", "are")
                        + " excluded now; gone from the SQLite table with " + Counted.agreeing(erased.size(), "its", "their")
                        + " values");
                if (!TargetTable.checkpoint(replica)) {
                    books.note("the write-ahead log could not be emptied (a reader holds it): older copies of the"
                            + " dropped values stay in the -wal file until a later checkpoint");
                }
            }
        } catch (ShadowTable.SwapRefused e) {
            dropCopy(swapped);
            throw new TableFailure(e.getMessage());
        } catch (Exception | Error e) {
            // An OutOfMemoryError too: the run goes on to the other tables (ReplicationEngine), and a
            // copy left behind would hold the table's pages until the next run.
            dropCopy(swapped);
            throw e;
        }
    }

    /** Fails the table, before the swap, when the copy is empty and the SQLite table is not (see the class comment). */
    private void refuseToEmpty(FullPlan plan) throws SQLException, TableFailure {
        OptionalLong held = ShadowTable.wouldEmpty(replica, config.target());
        if (held.isEmpty()) {
            return;
        }
        boolean filtered = plan.where().isPresent();
        String read = (config.describe().equals(config.target()) ? "" : config.describe())
                + (filtered ? (config.describe().equals(config.target()) ? "" : ", ") + "with its \"where\"" : "");
        throw new TableFailure("the source returned no rows for " + config.target() + (read.isEmpty() ? "" : " ("
                + read + ")") + " and its SQLite table holds " + held.getAsLong()
                + ": swapping in the empty copy would delete every row, so nothing was changed. If the rows really"
                + " are gone, run `replicate run --allow-mass-delete " + config.target() + "`; if not, check the"
                + " source " + (config.query().isPresent() ? "query" : "table") + (filtered ? ", the \"where\"" : "")
                + " and the user's permissions");
    }

    /** Reads the whole table into the copy, a page per transaction. */
    private void load(Source source, FullPlan plan, TargetTable shadow) throws Exception {
        WholeRead read = new WholeRead(plan.schema(), plan.columns(), plan.key(), plan.where(), config.pageSize());
        PageCopy copy = new PageCopy(replica, config.target(), config.jsonPath(), config.pageSize(), books, listener);
        try (RowStream rows = open(source, read); PageWriter writer = ShadowTable.writer(replica, shadow, settings)) {
            copy.copy(rows, writer, null, () -> {
                // A page of the copy records nothing: until the swap, the table's state is the old table's.
            });
        } catch (java.sql.SQLException e) {
            if (!plan.key().isEmpty() && ShadowTable.isKeyConflict(e)) {
                throw new TableFailure(notAKey(plan.key()));
            }
            throw e;
        }
    }

    /**
     * Two rows of one read share the key. The read is one snapshot into an empty copy, so the key is not
     * one at the source: storing one row per key would lose the others without a word.
     */
    private String notAKey(List<String> key) {
        String columns = String.join(", ", key);
        if (config.primaryKey().isPresent()) {
            return "the primary key (" + columns + ") configured for " + config.target() + " (" + config.jsonPath()
                    + ".primaryKey) is not unique at the source: rows of " + config.describe() + " share a value of"
                    + " it, and a full table that kept one row per key would lose the others. Nothing was changed;"
                    + " fix \"primaryKey\", or set it to [] to keep every row";
        }
        return "the primary key (" + columns + ") of " + config.describe() + " is not unique in the rows read (two"
                + " values SQLite cannot tell apart?): a full table that kept one row per key would lose the others."
                + " Nothing was changed; give a \"primaryKey\" that is unique (" + config.jsonPath()
                + ".primaryKey), or [] to keep every row";
    }

    /**
     * Opens the read. It is the first query with the table's filter: when the filter is what fails, say
     * so, with its JSON path (asked only on failure, so a good filter costs no extra round trip). Not when
     * the read waited for a lock or lost its connection: the filter alone would fail alike, and the table's
     * error would blame the where for the lock ({@link SourceTrouble#notTheStatement}).
     */
    private RowStream open(Source source, WholeRead read) throws Exception {
        try {
            return source.readWhole(read);
        } catch (Exception e) {
            if (read.where().isPresent() && !SourceTrouble.notTheStatement(source, e)) {
                try {
                    source.checkFilter(read.table(), read.where().get());
                } catch (Exception filterFailure) {
                    throw new TableFailure(config.jsonPath() + ".where does not run on " + read.table().name() + ": "
                            + ErrorText.of(filterFailure));
                }
            }
            throw e;
        }
    }

    /** Drops the copy after a failure, so that it does not hold a whole table's pages until the next run. */
    private void dropCopy(boolean swapped) {
        if (!swapped) {
            // Status, the log and the metrics count the rows the run kept: "failed, 900 rows" beside
            // "nothing was changed" said otherwise.
            books.committedDropped();
        }
        try {
            replica.rollbackQuietly();
            ShadowTable.dropLeftover(replica, config.target());
        } catch (SQLException | RuntimeException e) {
            // The next run drops it; the failure that got here is the one to report.
            Log.debug(e, "{}: the copy stays until the next run", config.target());
        }
    }

    /** Passes the source's row estimate on for a progress ETA; an estimate is never worth failing a table. */
    private void expectRows(Source source, TableSchema schema) {
        try {
            source.estimatedRows(schema).ifPresent(rows -> listener.expectedRows(config.target(), rows));
        } catch (Exception e) {
            Log.debug(e, "{}: no row estimate", config.target());
        }
    }

    @Override
    public long rowsPulled() {
        return books.rowsPulled;
    }

    @Override
    public long rowsReread() {
        return 0;
    }

    @Override
    public long rowsChanged() {
        return books.rowsChanged;
    }

    @Override
    public long rowsDeleted() {
        return 0;
    }

    @Override
    public List<String> notes() {
        return books.notes();
    }

    @Override
    public Optional<String> sourceNewest() {
        return Optional.empty();
    }
}
