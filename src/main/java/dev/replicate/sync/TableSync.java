package dev.replicate.sync;

import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableSchema;
import dev.replicate.source.UnreadableWatermarks;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.PageWriter;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.RowKeys;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.SqliteSql;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tinylog.Logger;

/**
 * One table's pass: reflect, line the SQLite table up with the source, then stream every row at or
 * after the stored watermark (less the lookback) and commit it page by page, each page in one
 * transaction with the watermark it reached. A crash between pages loses nothing: the next run starts
 * again from the last committed watermark, and re-read rows replace themselves (by key) or are
 * recognised (by row identity, for tables without a key).
 *
 * <p>A first sync of a table with a one-column integer or text primary key reads in key order instead (see
 * {@link #snapshot}), each page committed with the last key it holds, then hands over to the cursor.
 */
final class TableSync {
    private final TableId id;
    private final TableConfig config;
    private final Optional<TableState> previous;
    private final Replica replica;
    private final StateStore state;
    private final RunListener listener;
    private final Instant runStarted;
    private final List<String> notes = new ArrayList<>();
    private long rowsPulled;
    /** Of rowsPulled, those the cursor read at or behind the watermark the run started from. */
    private long rowsReread;
    private Optional<String> sourceNewest = Optional.empty();

    /** @param previous the table's state as the run found it (only this run writes it: the run holds the lock) */
    TableSync(SourceConfig sourceConfig, TableConfig config, Optional<TableState> previous, Replica replica,
              RunListener listener, Instant runStarted) {
        this.id = id(sourceConfig, config);
        this.config = config;
        this.previous = previous;
        this.replica = replica;
        this.state = new StateStore(replica);
        this.listener = listener;
        this.runStarted = runStarted;
    }

    long rowsPulled() {
        return rowsPulled;
    }

    /**
     * Rows of {@link #rowsPulled} at or behind the stored watermark the run started from: the rows on
     * that value, which every run reads again, and the lookback's window. They may be unchanged, or a
     * late row caught there; the rest, past that watermark, are new or changed since the last page.
     */
    long rowsReread() {
        return rowsReread;
    }

    List<String> notes() {
        return notes;
    }

    Optional<String> sourceNewest() {
        return sourceNewest;
    }

    void run(Source source) throws Exception {
        if (replica.remadeStateTables().contains("_replicate_watermarks") && previous.isEmpty()) {
            note("_replicate_watermarks was missing (dropped by hand?) and was made again: this table syncs"
                    + " again from the start, its rows replacing themselves");
        }
        if (replica.remadeStateTables().contains("_replicate_log")) {
            note("_replicate_log was missing (dropped by hand?) and was made again: the run history before"
                    + " this run is gone");
        }
        TableSchema schema = source.reflect(config.name());
        Optional<String> sameName = SqliteSql.columnsDifferingOnlyInCase(schema.name().toString(),
                schema.columns().stream().map(SourceColumn::name).toList());
        if (sameName.isPresent()) {
            throw new TableFailure(sameName.get());
        }
        SourceColumn watermark = watermarkColumn(schema);
        WatermarkKind kind = watermark.watermarkKind().orElseThrow();
        List<String> key = primaryKey(schema);

        boolean targetExisted = TargetTable.exists(replica, config.target());
        checkCursorUnchanged(previous, kind);
        if (!targetExisted && previous.isPresent()) {
            // The SQLite table was dropped by hand: its cursor, or a first sync's progress, means nothing
            // now. Forgotten in the transaction that creates the table again, so that no later run can
            // resume into the empty table, whatever happens to this one.
            state.forgetPosition(id);
        }
        TargetTable target = TargetTable.prepare(replica, config.target(), schema.columns(), key);
        target.notes().forEach(this::note);

        UnreadableWatermarks unreadable = source.countUnreadableWatermarks(schema, watermark);
        if (unreadable.nulls() > 0) {
            note(unreadable.nulls() + " row(s) have NULL in the watermark column " + watermark.name() + " of "
                    + schema.name() + " and cannot be replicated; give them a value at the source");
        }
        if (unreadable.notFinite() > 0) {
            note(unreadable.notFinite() + " row(s) have NaN or infinity in the watermark column " + watermark.name()
                    + " of " + schema.name() + " and are skipped, as NULL ones are (a cursor there could never"
                    + " move on); give them a finite value at the source");
        }

        Optional<String> lastText = targetExisted ? previous.flatMap(TableState::lastValue) : Optional.empty();
        Optional<Object> last = lastText.isEmpty() ? Optional.empty()
                : Optional.of(stored(kind, "last_value", lastText.get()));
        if (last.isPresent() && Watermarks.isInfinite(last.get())) {
            // An earlier version kept the infinite value it read as the cursor; from +infinity no later
            // row is reachable, and where the finite rows stopped is not known. Reading the table again
            // from the start is exact (rows replace themselves, or are recognised without a key).
            note("the stored watermark of " + watermark.name() + " was " + Watermarks.encode(kind, last.get())
                    + ", which no later row passes; " + schema.name() + " is read again from the start");
            last = Optional.empty();
        }
        // The cursor as this run found it: rows read at or behind it are counted as re-read. (Not an
        // infinite one: the note above says that the whole table is read again.)
        Object rereadUpTo = last.orElse(null);
        if (last.isEmpty() && listener.wantsRowEstimates()) {
            expectRows(source, schema);
        }
        Optional<Object> from;
        Optional<SourceColumn> snapshotKey = last.isEmpty() && !target.appendOnly()
                ? snapshotKey(source, schema, key, watermark) : Optional.empty();
        if (snapshotKey.isPresent()) {
            try {
                // The cursor read continues exactly where the snapshot's rows end.
                from = snapshot(source, schema, watermark, kind, snapshotKey.get(), target, targetExisted);
            } catch (KeyOrderBroken e) {
                // The key is not unique for this read (a plugin source, an exotic table): the pages
                // copied so far stay (the read from the start upserts them again), the progress goes.
                replica.rollbackQuietly();
                state.forgetPosition(id);
                replica.commit();
                note(e.getMessage() + "; the first sync went on in watermark order");
                from = Optional.empty();
            }
            last = from;
        } else {
            from = last.isEmpty() ? Optional.empty() : startFrom(kind, last.get());
        }

        ReadRequest request = ReadRequest.byWatermark(schema, schema.columns(), watermark, from, key, config.pageSize());
        Object highest = last.orElse(null);
        Object lastRead = null;
        RowKeys rowKeys = target.appendOnly()
                ? new RowKeys(schema.columns().stream().map(SourceColumn::name).toList()) : null;
        // Rows are read on a second thread (RowPipeline) and written here, so the source and SQLite work
        // at the same time; pages, their transactions and their watermarks are exactly as before.
        try (RowStream rows = source.read(request); PageWriter writer = new PageWriter(replica, target);
             RowPipeline pipeline = new RowPipeline(rows, rowKeys, config.pageSize(), config.target())) {
            RowPipeline.Chunk chunk;
            while ((chunk = pipeline.take()) != null) {
                for (int i = 0; i < chunk.size; i++) {
                    Object rowWatermark = chunk.positions[i];
                    lastRead = rowWatermark;
                    writer.add(chunk.values[i], chunk.rowKeys == null ? null : chunk.rowKeys[i]);
                    highest = highest == null ? rowWatermark : Watermarks.max(highest, rowWatermark);
                    rowsPulled++;
                    // Rows come in watermark order: once one is past the stored value, all that follow are.
                    if (rereadUpTo != null) {
                        if (Watermarks.compare(rowWatermark, rereadUpTo) <= 0) {
                            rowsReread++;
                        } else {
                            rereadUpTo = null;
                        }
                    }
                    if (writer.pending() >= config.pageSize()) {
                        commitPage(writer, watermark, kind, highest);
                    }
                }
                chunk.warnings.forEach(this::note);
            }
            commitPage(writer, watermark, kind, highest);
        }
        // The newest watermark at the source, for the lag figure: rows come in watermark order, so it is
        // the last row read; only a read that found nothing asks the source (one query fewer per run).
        Optional<Object> newest = lastRead != null ? Optional.of(lastRead) : source.newestWatermark(schema, watermark);
        sourceNewest = newest.map(value -> Watermarks.encode(kind, value));
    }

    /**
     * The key a first sync reads the table in the order of, instead of the watermark's: the table's own
     * primary key when it is one integer or text column (a text key such as a UUID in a char(36)), so
     * the database has it indexed, never NULL, and InnoDB even stores the rows in its order, and the
     * source can read by it; unless the watermark is that column anyway. (MySQL's enum and set are not
     * text here: they sort by position but compare as text.)
     *
     * <p>Why (issue #5): ordering a whole table by (watermark, key) made MariaDB sort every row before
     * sending the first (3.0 s of a 1M-row table against 1.7 s read in key order), while the client
     * waited. The key order costs nothing to produce and the rows stream at once.
     */
    private static Optional<SourceColumn> snapshotKey(Source source, TableSchema schema, List<String> key,
                                                      SourceColumn watermark) throws Exception {
        if (key.size() != 1 || !key.equals(schema.primaryKey()) || key.get(0).equals(watermark.name())) {
            return Optional.empty();
        }
        Optional<SourceColumn> column = schema.column(key.get(0)).filter(c -> c.watermarkKind()
                .filter(kind -> kind == WatermarkKind.INTEGER || kind == WatermarkKind.TEXT).isPresent());
        return column.isPresent() && source.readsInKeyOrder(schema, column.get()) ? column : Optional.empty();
    }

    /**
     * A first sync in key order, resumable. Before the first row it notes the boundary: the newest
     * watermark at the source less the lookback, just where the next cursor read would start had the
     * cursor stood at that newest value. The snapshot reads every row below the boundary in key order,
     * each page committed with the last key it holds, and a run after a crash goes on after that key.
     * Then the table's cursor is set to the boundary, and the cursor read that follows reads every row
     * at or above it. The two reads split the table, so no row is read twice; and a row written after
     * the boundary was noted carries a watermark at or above it (what a watermark promises; the
     * lookback covers late commits, as on every run), so the cursor read meets it, whether the
     * snapshot had passed its key or not.
     *
     * @return where the cursor read continues (inclusive), or empty when it reads from the start
     *         (no row has a watermark, or the lookback reaches before every value)
     */
    private Optional<Object> snapshot(Source source, TableSchema schema, SourceColumn watermark, WatermarkKind kind,
                                      SourceColumn key, TargetTable target, boolean targetExisted) throws Exception {
        WatermarkKind keyKind = key.watermarkKind().orElseThrow();
        // Progress is only resumed for the same key column, of the same kind (a key retyped from integer
        // to text would resume in another order)...
        Optional<SnapshotProgress> stored = targetExisted
                ? previous.flatMap(TableState::snapshot).filter(progress -> progress.keyColumn().equals(key.name())
                        && keyKind.name().equals(progress.keyType()))
                : Optional.empty();
        // ... and below a finite boundary: an earlier version took an infinite newest value for one,
        // and the cursor would then have stood at infinity after the snapshot. Such a snapshot starts over.
        if (stored.isPresent() && Watermarks.isInfinite(stored(kind, "snapshot_below", stored.get().below()))) {
            note("the first sync's boundary (" + watermark.name() + " below " + stored.get().below()
                    + ") was not finite; it started over");
            stored = Optional.empty();
        }
        // ... and into the table that holds it: the snapshot never deletes, so the row of its last key
        // must be there (not so after a DELETE, or a table dropped and made again elsewhere).
        if (stored.isPresent() && !TargetTable.holdsKey(replica, config.target(), key.name(),
                stored(keyKind, "snapshot_after", stored.get().after()))) {
            note("the first sync's progress (after " + key.name() + " " + stored.get().after()
                    + ") does not match the SQLite table's rows; it started over");
            stored = Optional.empty();
        }
        Object below;
        Object lastKey;
        if (stored.isPresent()) {
            below = stored(kind, "snapshot_below", stored.get().below());
            lastKey = stored(keyKind, "snapshot_after", stored.get().after());
        } else {
            Optional<Object> newest = source.newestWatermark(schema, watermark);
            Optional<Object> boundary = newest.isEmpty() ? Optional.empty() : startFrom(kind, newest.get());
            if (boundary.isEmpty()) {
                return Optional.empty();
            }
            below = boundary.get();
            lastKey = null;
        }
        String belowText = Watermarks.encode(kind, below);
        ReadRequest request = ReadRequest.byKey(schema, schema.columns(), watermark, key, Optional.ofNullable(lastKey),
                below, config.pageSize());
        try (RowStream rows = source.read(request); PageWriter writer = new PageWriter(replica, target);
             RowPipeline pipeline = new RowPipeline(rows, null, config.pageSize(), config.target())) {
            RowPipeline.Chunk chunk;
            while ((chunk = pipeline.take()) != null) {
                for (int i = 0; i < chunk.size; i++) {
                    Object rowKey = chunk.positions[i];
                    // Resuming after the last committed key is only right if keys come strictly ascending.
                    if (lastKey != null && !ascending(lastKey, rowKey)) {
                        throw new KeyOrderBroken("the source returned " + key.name() + " " + rowKey + " after "
                                + lastKey + " in a read ordered by it (is the key unique?)");
                    }
                    lastKey = rowKey;
                    writer.add(chunk.values[i], null);
                    rowsPulled++;
                    if (writer.pending() >= config.pageSize()) {
                        commitSnapshotPage(writer, watermark, kind, progress(key, lastKey, belowText));
                    }
                }
                chunk.warnings.forEach(this::note);
            }
            if (lastKey != null) {
                commitSnapshotPage(writer, watermark, kind, progress(key, lastKey, belowText));
            }
        }
        // Every key is read: from here on the table is an ordinary cursor, at the boundary.
        state.advance(id, watermark.name(), kind.name(), belowText,
                runStarted);
        replica.commit();
        return Optional.of(below);
    }

    /** How far a snapshot got: after {@code lastKey} of {@code key}, below {@code belowText}. */
    private static SnapshotProgress progress(SourceColumn key, Object lastKey, String belowText) {
        WatermarkKind keyKind = key.watermarkKind().orElseThrow();
        return new SnapshotProgress(key.name(), keyKind.name(), Watermarks.encode(keyKind, lastKey), belowText);
    }

    /**
     * Whether {@code next} may follow {@code previous} in a read by key. Integers are compared; text
     * is ordered by the column's collation at the source, which Java does not know, so only a repeat
     * of the very same text is caught there (a unique key under that collation holds no two texts it
     * calls equal, and the database orders and compares by the same collation).
     */
    private static boolean ascending(Object previous, Object next) {
        return previous instanceof Long before ? (Long) next > before : !previous.equals(next);
    }

    /** A read in key order that did not come in strictly ascending keys. */
    private static final class KeyOrderBroken extends Exception {
        KeyOrderBroken(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A value of {@code _replicate_watermarks}, parsed. One that does not parse was edited by hand (or
     * written by something else); the driver's parse error named neither the state table nor the way
     * out (issue #14), so the table fails with both, and nothing is written.
     */
    private Object stored(WatermarkKind kind, String column, String text) throws TableFailure {
        try {
            return Watermarks.decode(kind, text);
        } catch (RuntimeException e) {
            throw new TableFailure("the " + column + " '" + text + "' stored for " + config.target()
                    + " in _replicate_watermarks is not a valid " + kind.name().toLowerCase()
                    + "; run `replicate reset " + config.target() + "` to sync the table again from the start");
        }
    }

    /** Where a read starts for a cursor at {@code value}: the value less the lookback (empty: from the start). */
    private Optional<Object> startFrom(WatermarkKind kind, Object value) throws TableFailure {
        try {
            return Watermarks.startFrom(kind, value, config.lookback());
        } catch (IllegalArgumentException e) {
            throw new TableFailure(e.getMessage() + " (" + config.jsonPath() + ".lookback)");
        }
    }

    /** Writes the batch and how far the snapshot got in one transaction. */
    private void commitSnapshotPage(PageWriter writer, SourceColumn watermark, WatermarkKind kind,
                                    SnapshotProgress progress) throws Exception {
        if (writer.pending() == 0) {
            return;
        }
        writer.flush();
        state.snapshotProgress(id, watermark.name(), kind.name(), progress, runStarted);
        replica.commit();
        listener.progress(config.target(), rowsPulled);
    }

    /** Passes the source's row estimate on for a progress ETA; an estimate is never worth failing a table. */
    private void expectRows(Source source, TableSchema schema) {
        try {
            source.estimatedRows(schema).ifPresent(rows -> listener.expectedRows(config.target(), rows));
        } catch (Exception e) {
            Logger.debug(e, "{}: no row estimate", config.target());
        }
    }

    /** Writes the batch and the watermark it reached in one transaction. */
    private void commitPage(PageWriter writer, SourceColumn watermark, WatermarkKind kind, Object highest)
            throws Exception {
        if (writer.pending() == 0) {
            return;
        }
        writer.flush();
        state.advance(id, watermark.name(), kind.name(),
                Watermarks.encode(kind, highest), runStarted);
        replica.commit();
        listener.progress(config.target(), rowsPulled);
    }

    private SourceColumn watermarkColumn(TableSchema schema) throws TableFailure {
        SourceColumn column = schema.column(config.watermark()).orElseThrow(() -> new TableFailure(
                "the watermark column " + config.watermark() + " does not exist in " + schema.name()
                        + "; its columns are " + schema.columns().stream().map(SourceColumn::name)
                        .collect(Collectors.joining(", "))));
        if (column.watermarkKind().isEmpty()) {
            throw new TableFailure("the column " + column.name() + " (" + column.sourceType()
                    + ") cannot be a watermark; use an integer, numeric, date, timestamp or text column");
        }
        return column;
    }

    private List<String> primaryKey(TableSchema schema) throws TableFailure {
        List<String> key = config.primaryKey().orElse(schema.primaryKey());
        Optional<String> missing = KeyColumns.missing(schema, key);
        if (missing.isPresent()) {
            throw new TableFailure(missing.get());
        }
        return key;
    }

    /** A new watermark column or type makes the stored cursor meaningless: refuse, with the way out. */
    private void checkCursorUnchanged(Optional<TableState> previous, WatermarkKind kind) throws TableFailure {
        if (previous.isEmpty() || (previous.get().lastValue().isEmpty() && previous.get().snapshot().isEmpty())) {
            return;
        }
        TableState stored = previous.get();
        String hint = "; run `replicate reset " + config.target() + "` to sync the table again from the start";
        if (!stored.watermarkColumn().equals(config.watermark())) {
            throw new TableFailure("the watermark column changed from " + stored.watermarkColumn() + " to "
                    + config.watermark() + hint);
        }
        if (stored.watermarkType().isPresent() && !stored.watermarkType().get().equals(kind.name())) {
            throw new TableFailure("the watermark column " + config.watermark() + " changed type from "
                    + stored.watermarkType().get().toLowerCase() + " to " + kind.name().toLowerCase() + hint);
        }
    }

    private void note(String note) {
        notes.add(note);
        Logger.info("{}: {}", config.target(), note);
    }

    /** The table's identity in the state tables. */
    static TableId id(SourceConfig source, TableConfig table) {
        return new TableId(source.name(), table.name().toString(), table.target());
    }
}
