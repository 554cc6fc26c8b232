package dev.replicate.sqlite;

import java.time.Instant;
import java.util.Optional;

/**
 * A table's row in {@code _replicate_watermarks}: where its cursor stands and how its last run went.
 *
 * @param lastValue      the watermark of the last committed row, in its stored text form
 * @param watermarkType  the kind of that value (see {@link dev.replicate.source.WatermarkKind})
 * @param snapshot       present while a first sync in key order is under way (its last value is then empty)
 * @param lastRowsReread of lastRowsPulled, the rows read at or behind the watermark the run started from
 * @param lastRowsDeleted of lastRowsPulled, the rows read soft-deleted that the run removed from the replica
 * @param rowValueTypes  the source types the stored rows were read under, where they tell the rows apart
 *                       (see {@link StateStore#rowValueTypes}); empty where no run of this release recorded them
 * @param rowFilter      what chose the stored rows besides the cursor (see {@link StateStore#recordRowFilter});
 *                       empty where no run of this release recorded it
 * @param rowSoftDelete  the soft-delete column the stored rows were read under, the empty text for none (see
 *                       {@link StateStore#recordRowSoftDelete}); empty where no run of this release recorded it
 * @param cursorAheadSince when a run first found the cursor ahead of the clock, while the runs that read the
 *                       table since found it so (see {@link StateStore#recordCursorAhead}); empty otherwise
 */
public record TableState(
        String source,
        String table,
        String target,
        String watermarkColumn,
        Optional<String> watermarkType,
        Optional<String> lastValue,
        Optional<Instant> lastRunTs,
        Optional<Instant> lastSuccessTs,
        Optional<Boolean> lastOk,
        Optional<String> lastError,
        long lastRowsPulled,
        int consecutiveFailures,
        Optional<String> sourceNewestValue,
        Optional<SnapshotProgress> snapshot,
        long lastRowsReread,
        long lastRowsDeleted,
        Optional<String> rowValueTypes,
        Optional<String> rowFilter,
        Optional<String> rowSoftDelete,
        Optional<Instant> cursorAheadSince) {

    /**
     * This state without its position (cursor, or a first sync's progress): what a run plans from when the
     * rows must be read again from the start, while the state in the file keeps its position until the
     * first page read anew commits.
     */
    public TableState withoutPosition() {
        return new TableState(source, table, target, watermarkColumn, watermarkType, Optional.empty(), lastRunTs,
                lastSuccessTs, lastOk, lastError, lastRowsPulled, consecutiveFailures, sourceNewestValue,
                Optional.empty(), lastRowsReread, lastRowsDeleted, rowValueTypes, rowFilter,
                rowSoftDelete, cursorAheadSince);
    }

    /** This state as that of {@code id}'s source and table (see {@link StateStore#retitle}). */
    public TableState describing(TableId id) {
        return new TableState(id.source(), id.table(), target, watermarkColumn, watermarkType, lastValue, lastRunTs,
                lastSuccessTs, lastOk, lastError, lastRowsPulled, consecutiveFailures, sourceNewestValue, snapshot,
                lastRowsReread, lastRowsDeleted, rowValueTypes, rowFilter, rowSoftDelete,
                cursorAheadSince);
    }

    public TableId id() {
        return new TableId(source, table, target);
    }

    /**
     * Whether this state is that of the configured table {@code id} (its target's state, with the same
     * source identity and table name): a target given to another table, or a source renamed, is not.
     */
    public boolean describes(TableId id) {
        return source.equals(id.source()) && table.equals(id.table());
    }

    /** This state if it is {@code id}'s (see {@link #describes}), for readers that show a table's state. */
    public static java.util.Optional<TableState> of(java.util.Map<String, TableState> byTable, TableId id) {
        return java.util.Optional.ofNullable(byTable.get(id.stateKey())).filter(state -> state.describes(id));
    }
}
