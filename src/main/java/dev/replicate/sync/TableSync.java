package dev.replicate.sync;

import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.log.Counted;
import dev.replicate.log.Log;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.UnreadableWatermarks;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.HandMadeObjects;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SchemaConflictException;
import dev.replicate.sqlite.ReplicaIndexes;
import dev.replicate.sqlite.RowKeyIndex;
import dev.replicate.sqlite.RowKeys;
import dev.replicate.sqlite.SqliteSql;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableColumns;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetRecord;
import dev.replicate.sqlite.IndexNameTaken;
import dev.replicate.sqlite.TargetNameTaken;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One table's pass: reflect, plan ({@link TablePlanner}), line the SQLite table up with the source,
 * then stream every row at or after the stored watermark (less the lookback) and commit it page by
 * page ({@link PageCopy}), each page in one transaction with the watermark it reached. A crash between
 * pages loses nothing: the next run starts again from the last committed watermark, and re-read rows
 * replace themselves (by key) or are recognised (by row identity, for tables without a key).
 *
 * <p>A first sync of a table with a one-column integer or text primary key reads in key order instead
 * ({@link FirstSync}), each page committed with the last key it holds, then hands over to the cursor.
 */
final class TableSync implements TablePass {
    private final TableId id;
    private final TableConfig config;
    /** Empty when the run found no state of this table's (see {@link #claimState}). */
    private Optional<TableState> previous;
    private final Replica replica;
    private final StateStore state;
    private final RunListener listener;
    private final Instant runStarted;
    private final WriteSettings settings;
    private final TableBooks books;
    /** Whether this run lets the table's reconcile past its guard ({@code run --allow-mass-delete}). */
    private boolean massDeleteAllowed;
    /** The run's clock, which a cursor ahead of the clock is told by ({@link CursorAhead}). */
    private Clock clock = Clock.systemUTC();
    /**
     * Whether this run reads a table already synced again from the start because its filter changed: its
     * replica is whole, so its reconcile is due as before (a first sync's waits for the next run).
     */
    private boolean refiltered;
    /** Another table's state of the target, set aside until this table writes (see {@link #claimState}). */
    private Optional<TableState> claimed = Optional.empty();
    /** Whether the state is this table's under another spelling of its name, to be written so (see {@link #claimState}). */
    private boolean respelt;
    /** The JSON path of the table's source block, for messages. */
    private final String sourcePath;
    /** The source's clock, as the run's passes on this connection share it (set by {@link #run}). */
    private SourceClock sourceClock;
    /** The cursor read whose pages the table's cursor came from last, for its note of rows ahead of the clock. */
    private CursorCommit lastCursorRead;

    /**
     * @param previous the target's state as the run found it (only this run writes it: the run holds the lock),
     *                 which may be another table's (see {@link #claimState})
     */
    TableSync(SourceConfig sourceConfig, TableConfig config, Optional<TableState> previous, Replica replica,
              RunListener listener, Instant runStarted, WriteSettings settings) {
        this.id = id(sourceConfig, config);
        this.sourcePath = sourceConfig.jsonPath();
        this.config = config;
        this.previous = previous;
        this.replica = replica;
        this.state = new StateStore(replica);
        this.listener = listener;
        this.runStarted = runStarted;
        this.settings = settings;
        this.books = new TableBooks(config.target());
    }

    /** The table's identity in the state tables. */
    static TableId id(SourceConfig source, TableConfig table) {
        return new TableId(source.name(), table.name().toString(), table.target());
    }

    /** Lets this run's reconcile of the table delete past the guard ({@code run --allow-mass-delete TARGET}). */
    TableSync allowingMassDelete(boolean allowed) {
        this.massDeleteAllowed = allowed;
        return this;
    }

    /** The run's clock ({@link CursorAhead}). */
    TableSync clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public long rowsPulled() {
        return books.rowsPulled;
    }

    /**
     * Rows of {@link #rowsPulled} at or behind the stored watermark the run started from: the rows on
     * that value, which every run reads again, and the lookback's window. They may be unchanged, or a
     * late row caught there; the rest, past that watermark, are new or changed since the last page.
     */
    @Override
    public long rowsReread() {
        return books.rowsReread;
    }

    @Override
    public long rowsChanged() {
        return books.rowsChanged;
    }

    /** Rows removed from the replica: read soft-deleted, or gone from the source (see TableBooks#rowsDeleted). */
    @Override
    public long rowsDeleted() {
        return books.rowsDeleted;
    }

    @Override
    public List<String> notes() {
        return books.notes();
    }

    @Override
    public Optional<String> sourceNewest() {
        return books.sourceNewest();
    }

    @Override
    public void run(Source source, TableBatch batch) throws Exception {
        sourceClock = batch.sourceClock(source);
        replica.migrationNote(config.target()).ifPresent(books::note);
        claimState(source);
        // Whether the state holds a position, under which rows were read (PositionRecorder#recordReadTypes): as
        // the run found it, before a changed filter sets the position aside, its rows still those read then.
        boolean positioned = previous.flatMap(TableState::lastValue).isPresent()
                || previous.flatMap(TableState::snapshot).isPresent();
        readFromTheStartOnChangedFilter();
        if (replica.remadeStateTables().contains("_replicate_watermarks") && previous.isEmpty()) {
            books.note("_replicate_watermarks was missing (dropped by hand?) and was made again: this table syncs"
                    + " again from the start, its rows replacing themselves");
        }
        if (replica.remadeStateTables().contains("_replicate_log")) {
            books.note("_replicate_log was missing (dropped by hand?) and was made again: the run history before"
                    + " this run is gone");
        }
        // A partial copy a killed run of this table left when it was full ("mode": "full") is not looked for
        // here: the run's start dropped every copy whose target is not a configured full table
        // (ReplicationEngine#prepare, ShadowTable#dropOrphans), and only a full table's pass makes one.
        TableSchema schema = EntryReflection.reflect(source, config, batch);
        TablePlan shape = TablePlanner.shape(config, schema, previous);
        Reconciler.checkKey(config, shape);
        SourceColumn watermark = shape.watermark();
        // The types the rows were read under, as the state the run loaded holds them (claimState forgot
        // another table's): no query of its own.
        Optional<String> recordedTypes = previous.flatMap(TableState::rowValueTypes);
        PositionRecorder positions = new PositionRecorder(replica, state, id, watermark, runStarted,
                ReadTypes.of(shape.appendOnly() ? shape.columns() : keyColumns(shape)), RowFilter.of(config),
                RowFilter.softDeleteOf(config), previous);

        boolean targetExisted = TargetTable.exists(replica, config.target());
        // Replicate's indexes on the table, read once for the name check, the drop of those no longer wanted and
        // the making of those missing.
        List<String> indexesMade = targetExisted ? ReplicaIndexes.existing(replica, config.target()) : List.of();
        if (!targetExisted) {
            TableFailure.ifFound(TargetNameTaken.check(replica, config.target(), config.jsonPath()));
        }
        TableFailure.ifFound(IndexNameTaken.check(replica, config.target(), shape.indexes(), config.indexEntries(),
                indexesMade));
        takeClaimedState();
        // Excluded columns the SQLite table still holds: dropped below, with their values.
        List<String> toDrop = targetExisted && !shape.excluded().isEmpty() ? excludedToDrop(shape) : List.of();
        if (targetExisted && shape.appendOnly()) {
            targetExisted = rebuildAppendOnly(source, shape, toDrop, recordedTypes);
        } else if (targetExisted) {
            targetExisted = rebuildRespelledKey(source, shape, recordedTypes);
        }
        if (targetExisted) {
            // Indexes taken out of the configuration go before any column is dropped (SQLite refuses to
            // drop an indexed column: excluding a column and removing its index in one edit would fail the
            // table on every run) and before any row is written (a unique one no longer wanted must not
            // refuse this run's rows). A table made below has none.
            ReplicaIndexes.dropUnwanted(replica, config.target(), shape.indexes(), indexesMade).forEach(books::note);
        }
        if (!targetExisted && previous.isPresent()) {
            // The SQLite table was dropped by hand: its cursor, or a first sync's progress, means nothing
            // now. Forgotten in the transaction that creates the table again, so that no later run can
            // resume into the empty table, whatever happens to this one.
            positions.forget();
        }
        // The target's state row where it has none yet (its first run): prepare records there the columns it
        // makes, committed with them, so that a run that fails or is killed before its first page leaves them
        // recorded. A previous state means the row is there (a rebind or a forgotten position keeps it).
        if (previous.isEmpty()) {
            state.open(id, watermark.name());
        }
        TargetTable target = TargetTable.prepare(replica, config.target(), shape.columns(), shape.key(), toDrop,
                Optional.of(config.jsonPath()), config.primaryKey().isPresent(), targetExisted);
        target.notes().forEach(books::note);
        if (!toDrop.isEmpty() && !TargetTable.checkpoint(replica)) {
            books.note("the write-ahead log could not be emptied (a reader holds it): older copies of the dropped"
                    + " values stay in " + "the -wal file until a later checkpoint");
        }
        // After the checkpoint, which needs no transaction open.
        positions.recordReadTypes(positioned);
        noteUnreadable(source, schema, watermark, shape.where(), batch.unreadable(config, schema));

        TablePlan plan = TablePlanner.resume(shape, config, previous, targetExisted);
        plan.notes().forEach(books::note);
        // A table dropped above to be synced again (or made) has none of them.
        List<ReplicaIndexes.Index> pending = ReplicaIndexes.missing(plan.indexes(),
                targetExisted ? indexesMade : List.of());
        if (plan.cursor().isPresent()) {
            // A table already synced gets a new index at once. On a first sync (no cursor, also one resumed
            // after a crash) indexes wait for the bulk load to end: SQLite then builds each one in a single
            // sorted pass, where an index present during the load is updated row by row, in random order of
            // its keys, for every row copied, which is what would slow a first sync down (see BENCHMARKS.md).
            pending = createIndexes(pending, true);
        }
        // The statistics count every row: with a filter the estimate, and the ETA, would be wrong.
        if (plan.cursor().isEmpty() && plan.where().isEmpty() && listener.wantsRowEstimates()) {
            expectRows(source, schema);
        }
        PageCopy copy = new PageCopy(replica, target, config.jsonPath(), settings, config.pageSize(), books, listener,
                plan.softDelete());
        Optional<Position> cursor = plan.cursor();
        Optional<Position> from = plan.start();
        Optional<SourceColumn> snapshotKey = plan.snapshotKey();
        try {
            if (snapshotKey.isPresent() && source.readsInKeyOrder(schema, snapshotKey.get())) {
                try {
                    // The cursor read continues exactly where the snapshot's rows end.
                    from = new FirstSync(config, plan, replica, positions, books)
                            .run(source, snapshotKey.get(), targetExisted ? previous : Optional.empty(), copy,
                                    ClockLimit.of(plan.kind(), clock, sourceClock));
                } catch (SnapshotCommit.KeyOrderBroken e) {
                    // The key is not unique for this read (a plugin source, an exotic table): the pages
                    // copied so far stay (the read from the start upserts them again), the progress goes.
                    replica.rollbackQuietly();
                    positions.forget();
                    replica.commit();
                    books.note(e.getMessage() + "; the first sync went on in watermark order");
                    from = Optional.empty();
                }
                cursor = from;
            }

            // From the stored watermark itself: the rows on it are read again on every run, which is what
            // catches a row that commits late with that value and a smaller key. Nothing short of reading
            // them tells exactly that they did not change (issue #17): a count and a key range stay the same
            // when a row is deleted and a late one arrives; the keys stay the same when a row changes without
            // a new watermark value (a date within its day, a transaction stamped at its start committing
            // after a newer one); a digest of the rows is a guess, and costs the source the same read.
            // Rows read again unchanged are not written (SqliteSql#upsert).
            // The clock the cursor stays behind (an instant's), read as the read starts.
            Optional<ClockLimit> limit = ClockLimit.of(plan.kind(), clock, sourceClock);
            boolean cursorAhead = limit.isPresent() && cursor.isPresent() && limit.get().past(cursor.get());
            // No floor for the pages' cursor ahead, which comes back to the clock; one ahead by more than the lookback
            // and the grace left rows behind it: the table is read again from the start (LeftBehind).
            boolean leftBehind = cursorAhead
                    && CursorAhead.find(cursor.get(), config.lookback(), clock.instant(), sourceClock).isPresent();
            // So is a cursor an earlier run found that far ahead (its mark, cleared once this read is over) which the
            // clock has since overtaken (an upgrade after a pause): the rows written while it was ahead lie behind it.
            // Not a first sync's, which read every row in this run.
            leftBehind |= limit.isPresent() && cursor.isPresent() && cursor.equals(plan.cursor())
                    && previous.flatMap(TableState::cursorAheadSince).isPresent();
            if (leftBehind) {
                from = Optional.empty();
                books.note(LeftBehind.note(watermark.name(), cursor.get()));
            }
            ReadRequest request = ReadRequest.byWatermark(schema, plan.columns(), watermark, from.map(Position::value),
                    plan.key(), config.pageSize()).filtered(plan.where());
            RowKeys rowKeys = plan.appendOnly() ? RowIdentities.of(source, plan.columns(), watermark.name()) : null;
            // Rows at or behind the cursor as this run found it count as re-read. (Not an infinite one:
            // the plan's note says that the whole table is read again.)
            CursorCommit step = new CursorCommit(positions, books, plan.kind(), cursor, plan.cursor(), limit, cursorAhead);
            lastCursorRead = step;
            long changedBefore = books.rowsChanged;
            copy.copy(source, request, rowKeys, step);
            if (step.settle()) {
                replica.commit();
            }
            // The newest watermark at the source, for the lag figure: rows come in watermark order, so it is
            // the last row read; only a read that found nothing asks the source (one query fewer per run).
            Optional<Position> newest = step.lastRead();
            if (newest.isEmpty()) {
                newest = source.newestWatermark(schema, watermark, plan.where())
                        .map(value -> new Position(plan.kind(), value));
            }
            // Not after a read from the start (LeftBehind), which read every row: a newest value behind the old
            // cursor is then the value put right, and the table would be read a second time.
            if (!leftBehind && BehindTheCursor.applies(plan.cursor(), newest)) {
                newest = readAgainIfReloaded(source, schema, plan, positions, copy, rowKeys, newest.get(),
                        books.rowsChanged > changedBefore, limit);
            }
            lastCursorRead.aheadNote(config.target(), watermark.name()).ifPresent(books::note);
            // For the lag: a row stamped ahead of the clock counts as the clock, the furthest the cursor goes
            // (ClockLimit); taken as it stands, the lag reported years while the replica was complete.
            books.sourceNewest(limit.isPresent() ? newest.map(limit.get()::cap) : newest);
            noteAhead(watermark, positions.held(cursor));
            // Once the rows were read under the filter (a where that does not run records nothing).
            positions.recordFilterOfAnEarlierRelease(previous.flatMap(TableState::lastValue).isPresent()
                    || previous.flatMap(TableState::snapshot).isPresent());
        } catch (SQLException e) {
            // The upsert's ON CONFLICT covers the key only: a row whose values another row holds in a unique
            // index fails its page, which rolls back with its watermark. Said with the index's name, whoever made it.
            Optional<String> refused = ReplicaIndexes.refused(replica, e, config.target(), plan.indexes());
            if (refused.isPresent()) {
                throw new TableFailure(refused.get());
            }
            // The reads are the first queries with the filter where the count above asks none (MySQL's
            // NOT NULL watermark).
            Optional<TableFailure> filter = FilterFailure.of(source, schema, config, plan.where(), e);
            if (filter.isPresent()) {
                throw filter.get();
            }
            throw e;
        }
        if (target.loading()) {
            // A first sync without a key wrote its rows unchecked: their identities' index is made now, in
            // one sorted pass (RowKeyIndex says why). Killed before this, the next run makes it first.
            RowKeyIndex.afterLoad(replica, config.target()).ifPresent(books::note);
        }
        createIndexes(pending, false);
        // A table whose first sync ended in an earlier run: one that ends in this run is as fresh as a
        // copy gets, and the next run reconciles it.
        if (config.reconcile().isPresent() && (plan.cursor().isPresent() || refiltered)) {
            new Reconciler(config, id, replica, books, runStarted, settings).runIfDue(source, plan, massDeleteAllowed);
        }
    }

    /**
     * Notes a cursor ahead of the clock ({@link CursorAhead}), and records whether it is in the state, where
     * status and the metrics read it: the note in full, or shorter when the state says an earlier run found it
     * so already (the note comes every run, every minute under cron, while it lasts).
     */
    private void noteAhead(SourceColumn watermark, Optional<Position> cursor) throws Exception {
        Optional<CursorAhead.Ahead> ahead = cursor.isEmpty() ? Optional.empty()
                : CursorAhead.find(cursor.get(), config.lookback(), clock.instant(), sourceClock);
        boolean repeated = state.recordCursorAhead(config.target(), ahead.isPresent(), runStarted);
        if (repeated != ahead.isPresent()) {
            // Committed now: the pages that found it are, and a failure after the read (an index the rows
            // violate) must not roll the mark back, which would leave status and the metrics saying nothing is
            // ahead while every run says the note in full. Only what the run wrote before its read can be pending
            // here (its pages commit themselves): the table made or altered and the state that goes with it,
            // each meant to stand without a page.
            replica.commit();
        }
        // An instant's cursor (ClockLimit) stays ahead only where no page of the read committed (none was read):
        // the mark stays, for the next run to read the rows behind it (LeftBehind); nothing is lost, so no note.
        ahead.filter(found -> found.cursor().kind() != WatermarkKind.TIMESTAMPTZ)
                .ifPresent(found -> books.note(CursorAhead.note(config.target(), watermark.name(), found, repeated)));
    }

    /**
     * The excluded columns the SQLite table holds that replicate made, to be dropped with their values (a
     * privacy fix has to remove the data). One the user added by hand under an excluded name is theirs, left
     * alone. Where no record tells whose a column is (a keyed table in a file an earlier release wrote, before
     * its first run of this one), the table fails naming it: neither dropping the user's values nor keeping
     * values that the exclusion is meant to remove is safe to guess. A table replicate has no record of making
     * fails in {@link TargetTable#prepare}, as before.
     */
    private List<String> excludedToDrop(TablePlan shape) throws SQLException, SchemaConflictException {
        List<String> present = TargetTable.columnsPresent(replica, config.target(), shape.excluded());
        if (present.isEmpty() || !TargetRecord.made(replica, config.target())) {
            return present;
        }
        return TableColumns.of(replica, config.target(), shape.columns(), shape.excluded())
                .madeOf(replica, config.target(), present);
    }

    /**
     * The source's newest watermark is behind the cursor ({@link BehindTheCursor}): the rows at it are
     * read (unless this run's read, all of it behind the cursor, already changed rows), and if they
     * change the replica the table was reloaded with older watermarks: it is read again from the start,
     * in watermark order, the cursor following its pages from the oldest.
     *
     * @return the newest watermark at the source, as far as this run read
     */
    private Optional<Position> readAgainIfReloaded(Source source, TableSchema schema, TablePlan plan,
                                                   PositionRecorder positions, PageCopy copy, RowKeys rowKeys,
                                                   Position newest, boolean changedBehind,
                                                   Optional<ClockLimit> limit)
            throws Exception {
        SourceColumn watermark = plan.watermark();
        long changedBefore = books.rowsChanged;
        if (changedBehind) {
            positions.forget();
            replica.commit();
        } else {
            copy.copy(source, ReadRequest.byWatermark(schema, plan.columns(), watermark, Optional.of(newest.value()),
                    plan.key(), config.pageSize()).filtered(plan.where()), rowKeys,
                    BehindTheCursor.probe(positions, books));
            if (books.rowsChanged == changedBefore) {
                return Optional.of(newest);
            }
        }
        books.note(BehindTheCursor.note(config.target(), watermark.name(), newest, plan.cursor().orElseThrow()));
        CursorCommit again = new CursorCommit(positions, books, plan.kind(), Optional.empty(), Optional.empty(), limit, false);
        lastCursorRead = again;
        copy.copy(source, ReadRequest.byWatermark(schema, plan.columns(), watermark, Optional.empty(), plan.key(),
                config.pageSize()).filtered(plan.where()), rowKeys, again);
        if (again.settle()) {
            replica.commit();
        }
        return again.lastRead().or(() -> Optional.of(newest));
    }

    /**
     * A where (or a query entry's SELECT, or the soft-delete column) changed since the rows were read: the cursor held for the rows
     * the old one let in, and a row the new one lets in behind it would never be read. The run plans from
     * no position, and the table syncs again from the start, its rows upserted over the ones there. The
     * file keeps the old position and filter until the first page read under the new one commits both
     * (PositionRecorder): a run that fails before (a where that does not run) changes nothing. A state that
     * recorded no filter (written by an earlier release) cannot tell: it records this one once a run
     * read under it, position or none (PositionRecorder#recordFilterOfAnEarlierRelease).
     */
    private void readFromTheStartOnChangedFilter() {
        if (!RowFilter.changedSince(previous, config)) {
            return;
        }
        books.note(RowFilter.changedNote(previous, config));
        refiltered = previous.get().lastValue().isPresent();
        previous = previous.map(TableState::withoutPosition);
    }

    /**
     * The state is kept by target. When the target's state was left by another table (the configuration
     * gave the target to another source table) or by the same table under another source identity (a
     * source's "name", or its connection when it has none, changed), its position means nothing for this
     * table, and the run plans from none. The state is given to this table only once it was read and is
     * about to be written ({@link #takeClaimedState}): a table that cannot be read (a misspelt name) fails,
     * and the file keeps the other's position, so that putting the configuration back goes on from it, as
     * for a where that fails. The state of this very table under another spelling of its name is this table's
     * at once, and written so at the same point: a table that fails before (a name of the table's held in the
     * SQLite file) has written nothing.
     */
    private void claimState(Source source) throws SQLException {
        if (previous.isEmpty() || previous.get().describes(id)) {
            return;
        }
        if (sameTableRespelt(source, previous.get())) {
            respelt = true;
            previous = previous.map(other -> other.describing(id));
            return;
        }
        claimed = previous;
        previous = Optional.empty();
    }

    /**
     * Whether the state is this very table's, its name written with the schema a name without one stands
     * for where it was not before, or the other way round ("orders", "public.orders"; on MySQL the URL's
     * database): the source tells, reflecting both names, as only it knows what a missing schema means.
     * Asked only of a state whose name differs so, as the run after such an edit finds it.
     */
    private boolean sameTableRespelt(Source source, TableState other) {
        TableName before = TableName.parse(other.table());
        if (!other.source().equals(id.source()) || config.query().isPresent()
                || !before.table().equals(config.name().table())
                || before.schema().isPresent() == config.name().schema().isPresent()) {
            return false;
        }
        try {
            return source.reflect(before).name().equals(source.reflect(config.name()).name());
        } catch (Exception e) {
            // The name before no longer reads (or the source failed): not known to be the same table, which
            // the run then treats as another (takeClaimedState), as it did before this was asked.
            return false;
        }
    }

    /**
     * Gives the target's state to this table (see {@link #claimState}), committed at once, and the table
     * syncs from the start. Only into a SQLite table that holds no row: the rows of the table before would
     * stay beside the new one's for good, those of its keys overwritten and the others not, and verify
     * would take them for rows kept by choice. Such a table fails, nothing changed, naming both tables and
     * the ways on: a reset, the configuration put back, or (the same table under another source identity)
     * the block's "name" that carries the state on. The state of this very table under another spelling of
     * its name is written under this one, keeping its position.
     */
    private void takeClaimedState() throws SQLException, TableFailure {
        if (respelt) {
            state.retitle(id);
            replica.commit();
            respelt = false;
        }
        if (claimed.isEmpty()) {
            return;
        }
        TableState other = claimed.get();
        String before = "table " + other.table() + " of source " + other.source();
        String now = "table " + id.table() + " of source " + id.source();
        if (TargetTable.holdsRows(replica, config.target())) {
            throw new TableFailure(ClaimRefusal.message(other, id, config.jsonPath(), sourcePath));
        }
        state.rebind(id);
        replica.commit();
        books.note("the state of " + config.target() + " was that of " + before + "; the target is now copied from "
                + now + ", so it syncs again from the start");
        claimed = Optional.empty();
    }

    /**
     * A table without a key whose stored columns change is dropped, to be synced again from the start,
     * before anything is written. Its rows are told apart by a digest of all their values (RowKeys), and
     * every run reads again the rows at the stored watermark and in the lookback window: with a column
     * dropped (excluded now, or one replicate stored gone from the source: dropped or renamed there), or
     * one newly stored (no longer excluded, added to "columns", or added at the source, even with a
     * DEFAULT that fills the rows already there), those rows no longer match their stored selves and would
     * be stored twice. Reading the table again from the start is exact. A column added by hand in the
     * SQLite file is none of these: it is in no row's identity.
     *
     * <p>Only a table replicate made is dropped: a user's table of that name holding a column to drop
     * fails instead. A column to add to a table that replicate never wrote rows into changes no stored
     * digest, so it is simply added (by {@link TargetTable#prepare}).
     *
     * @param toDrop the excluded columns the SQLite table holds
     * @return whether the SQLite table still exists
     */
    private boolean rebuildAppendOnly(Source source, TablePlan shape, List<String> toDrop,
                                      Optional<String> recordedTypes) throws SQLException, TableFailure {
        if (!TargetTable.primaryKey(replica, config.target()).isEmpty()) {
            // Made with a key that the source no longer has (a view put in the table's place, a dropped
            // constraint): not a table of this kind to rebuild, but a changed key, which TargetTable#prepare
            // fails with the ways on. Dropped and read again without it, every later change of a row would
            // be stored beside the old one.
            return true;
        }
        List<String> stored = shape.columns().stream().map(SourceColumn::name).toList();
        List<String> asked = new ArrayList<>(stored);
        asked.add(SqliteSql.ROW_KEY);
        List<String> found = TargetTable.columnsPresent(replica, config.target(), asked);
        // A stored column the table has but replicate did not make (one the user added by hand, and the source
        // added under the same name since) is in no row's identity: new to them, so the table must sync again,
        // and the refusal over columns made by hand names it (its values are the user's).
        TableColumns columns = TableColumns.of(replica, config.target(), shape.columns(), shape.excluded());
        Optional<Set<String>> own = columns.ownNames(stored);
        List<String> present = found.stream().filter(stored::contains)
                .filter(name -> own.map(names -> names.contains(SqliteSql.foldCase(name))).orElse(true))
                .toList();
        List<String> toAdd = stored.stream().filter(name -> !present.contains(name)).toList();
        List<String> gone = columns.goneFromSource(stored).stream()
                .filter(name -> toDrop.stream().noneMatch(drop -> SqliteSql.sameName(drop, name))).toList();
        // A table a full refresh wrote has no row identities (SqliteSql#createPlainTable): read again whole.
        boolean identities = found.contains(SqliteSql.ROW_KEY);
        // Stored columns retyped so that their values are spelt otherwise (a decimal's scale, timestamp to
        // timestamptz): the rows read again no longer match their digests. A retype the source says keeps
        // the text (Source#spellsAlike: a wider integer, a longer varchar) leaves them as they were.
        List<String> retyped = ReadTypes.retyped(recordedTypes, shape.columns(), source::spellsAlike).stream()
                .map(SourceColumn::name).filter(present::contains).toList();
        if (toDrop.isEmpty() && toAdd.isEmpty() && gone.isEmpty() && retyped.isEmpty() && identities) {
            return true;
        }
        boolean made = TargetRecord.made(replica, config.target());
        if (!made && !toDrop.isEmpty()) {
            throw new TableFailure(TargetRecord.notMadeConflict(replica, config.target(), "the "
                    + Counted.named("column", toDrop) + " " + Counted.agreeing(toDrop.size(), "is", "are")
                    + " excluded now, and dropping " + Counted.agreeing(toDrop.size(), "it", "them")
                    + " from a table without a primary key means dropping the table"));
        }
        if (!made) {
            return true;
        }
        List<String> changed = Stream.of(toDrop, gone, toAdd).flatMap(List::stream).toList();
        refuseDropOverHandMade(changed.isEmpty() && !retyped.isEmpty()
                ? Counted.named("column", retyped) + " changed type at the source, which changes how "
                + Counted.agreeing(retyped.size(), "its", "their") + " values are spelt, and " + config.target()
                + " has no primary key"
                : (changed.isEmpty() ? config.target() + " was written whole by a full refresh"
                : "the stored columns of " + config.target() + " changed (" + String.join(", ", changed) + ")")
                + ", and its rows are told apart by all their values",
                // Excluded columns are the configuration's to drop, not the user's.
                columns.madeByHand(stored).stream()
                        .filter(name -> toDrop.stream().noneMatch(drop -> SqliteSql.sameName(drop, name))).toList());
        TargetTable.drop(replica, config.target());
        if (!retyped.isEmpty() && changed.isEmpty()) {
            books.note(Counted.named("column", retyped) + " changed type at the source, which changes how "
                    + Counted.agreeing(retyped.size(), "its", "their") + " values are spelt; " + config.target()
                    + " has no primary key, so its rows are told apart by all their values: the table was dropped and is synced again from the start with the new types");
            return false;
        }
        if (changed.isEmpty()) {
            books.note(config.target() + " has no primary key and was written whole by a full refresh, without the"
                    + " row identities an incremental table keeps: the table was dropped and is synced again from the start");
            return false;
        }
        List<String> changes = new ArrayList<>();
        if (!toDrop.isEmpty()) {
            changes.add(Counted.named("column", toDrop) + " " + Counted.agreeing(toDrop.size(), "is", "are")
                    + " excluded now");
        }
        if (!gone.isEmpty()) {
            changes.add(Counted.named("column", gone) + " " + Counted.agreeing(gone.size(), "is", "are")
                    + " no longer at the source (dropped, or renamed there)");
        }
        if (!toAdd.isEmpty()) {
            changes.add(Counted.named("column", toAdd) + " " + Counted.agreeing(toAdd.size(), "is", "are")
                    + " stored now (newly selected, or new at the source)");
        }
        books.note(String.join(" and ", changes) + "; " + config.target() + " has no primary key, so its rows are"
                + " told apart by all their values (the rows read again would be stored a second time): the table was"
                + " dropped and is synced again from the start "
                + (toAdd.isEmpty() ? "without " + Counted.agreeing(toDrop.size() + gone.size(), "it", "them")
                : "with its columns as they are now"));
        return false;
    }

    /**
     * A table with a key whose key column the source retyped so that its values are spelt otherwise
     * (numeric(10,2) to numeric(10,4): 1.50 read as 1.5000; timestamp to timestamptz; a char(n)'s length)
     * is dropped, to be synced again from the start, before anything is written. SQLite compares the
     * stored key by its text: a row changed at the source would be stored beside its old copy under the
     * key's new spelling, and the old one never replaced. Only the source can tell which retypes keep the
     * text (varchar(20) to text, integer to bigint): those go on ({@link Source#spellsAlike}). A retype
     * that SQLite would store otherwise fails the table in {@link TargetTable#prepare}, as any column's does.
     *
     * <p>A table replicate has no record of making is never dropped: it fails, with the ways out.
     *
     * @return whether the SQLite table still exists
     */
    private boolean rebuildRespelledKey(Source source, TablePlan shape, Optional<String> recorded)
            throws SQLException, TableFailure {
        List<SourceColumn> respelled = new java.util.ArrayList<>();
        for (SourceColumn column : ReadTypes.retyped(recorded, keyColumns(shape), source::spellsAlike)) {
            if (TargetTable.keepsExactly(replica, config.target(), column)) {
                respelled.add(column);
            }
        }
        if (respelled.isEmpty()) {
            return true;
        }
        String change = "the key " + Counted.named("column", respelled.stream().map(column -> column.name() + " ("
                + ReadTypes.recordedType(recorded, column).orElse("?") + " to " + column.sourceType() + ")").toList())
                + " changed type at the source, which changes how " + Counted.agreeing(respelled.size(), "its", "their")
                + " values are spelt";
        if (!TargetRecord.made(replica, config.target())) {
            throw new TableFailure(TargetRecord.notMadeConflict(replica, config.target(), change
                    + ", and the rows read from now on would be stored beside the old ones"));
        }
        refuseDropOverHandMade(change, TableColumns.of(replica, config.target(), shape.columns(), shape.excluded())
                .madeByHand(shape.columns().stream().map(SourceColumn::name).toList()));
        TargetTable.drop(replica, config.target());
        books.note(change + " (SQLite compares them as text: a changed row would be stored beside its old copy); "
                + config.target() + " was dropped and is synced again from the start with the new types");
        return false;
    }

    /** Fails the table, before anything is dropped, if the user made indexes or triggers on it (HandMadeObjects). */
    private void refuseDropOverHandMade(String why, List<String> handMade) throws SQLException, TableFailure {
        Optional<String> refusal = HandMadeObjects.refusingDrop(replica, config.target(), why, handMade);
        if (refusal.isPresent()) {
            throw new TableFailure(refusal.get());
        }
    }

    /** The key's columns, in the key's order. */
    private static List<SourceColumn> keyColumns(TablePlan shape) {
        return shape.key().stream().flatMap(name -> shape.columns().stream()
                .filter(column -> column.name().equals(name)).findFirst().stream()).toList();
    }

    /**
     * Makes the indexes, each whole or not at all.
     *
     * @param deferViolated whether a unique index that the rows violate waits for this run's rows (they
     *                      may be the fix made at the source) instead of failing the table now
     * @return the indexes left to make after the rows
     */
    private List<ReplicaIndexes.Index> createIndexes(List<ReplicaIndexes.Index> indexes, boolean deferViolated)
            throws SQLException, TableFailure {
        List<ReplicaIndexes.Index> deferred = new java.util.ArrayList<>();
        for (ReplicaIndexes.Index index : indexes) {
            try {
                books.note(ReplicaIndexes.create(replica, config.target(), index));
            } catch (ReplicaIndexes.UniqueViolation e) {
                if (!deferViolated) {
                    throw new TableFailure(e.getMessage());
                }
                deferred.add(index);
            }
        }
        return deferred;
    }

    /** @param counted the count, when the run's batch counted it ({@link TableBatch}); else the source is asked now */
    private void noteUnreadable(Source source, TableSchema schema, SourceColumn watermark, Optional<String> where,
                                Optional<UnreadableWatermarks> counted) throws Exception {
        UnreadableWatermarks unreadable;
        try {
            unreadable = counted.isPresent() ? counted.get() : source.countUnreadableWatermarks(schema, watermark, where);
        } catch (Exception e) {
            // The first query with the filter, on most sources.
            Optional<TableFailure> filter = FilterFailure.of(source, schema, config, where, e);
            if (filter.isPresent()) {
                throw filter.get();
            }
            throw e;
        }
        long nulls = unreadable.nulls();
        if (nulls > 0) {
            books.note(Counted.rows(nulls) + " " + Counted.agreeing(nulls, "has", "have") + " NULL in the watermark column "
                    + watermark.name() + " of " + schema.describe() + " and cannot be replicated; give "
                    + Counted.agreeing(nulls, "it", "them") + " a value at the source" + notBehind(nulls));
        }
        long notFinite = unreadable.notFinite();
        if (notFinite > 0) {
            books.note(Counted.rows(notFinite) + " " + Counted.agreeing(notFinite, "has", "have") + " NaN or infinity in"
                    + " the watermark column " + watermark.name() + " of " + schema.describe() + " and "
                    + Counted.agreeing(notFinite, "is", "are") + " skipped, as NULL ones are (a cursor there could never"
                    + " move on); give " + Counted.agreeing(notFinite, "it", "them") + " a finite value at the source"
                    + notBehind(notFinite));
        }
    }

    /**
     * Such a row is pulled once it has a value the next read reaches: one behind the cursor (the time it
     * was written, say) is a watermark moved backwards, and the row is never pulled, without a note, as
     * the note no longer counts it.
     */
    private static String notBehind(long rows) {
        return ", one at or after the table's cursor (an older one leaves " + Counted.agreeing(rows, "the row", "them")
                + " behind it, never pulled)";
    }

    /** Passes the source's row estimate on for a progress ETA; an estimate is never worth failing a table. */
    private void expectRows(Source source, TableSchema schema) {
        try {
            source.estimatedRows(schema).ifPresent(rows -> listener.expectedRows(config.target(), rows));
        } catch (Exception e) {
            Log.debug(e, "{}: no row estimate", config.target());
        }
    }
}
