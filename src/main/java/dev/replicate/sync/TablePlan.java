package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.ReplicaIndexes;
import java.util.List;
import java.util.Optional;

/**
 * How a table is read, decided by {@link TablePlanner} from its configuration, the source's schema
 * and the stored state alone, so that {@code run}, {@code validate-config --connect} and
 * {@code reflect} cannot disagree about it.
 *
 * @param watermark   the cursor column
 * @param kind        its kind
 * @param key         the key rows are upserted by (the configured one, else the source's); empty
 *                    for an append-only table
 * @param columns     the columns read and stored, in source order: every column, less those the
 *                    configuration's {@code columns} leaves out or {@code excludeColumns} names
 * @param excluded    the source's columns that are not read (the SQLite table must not hold them), less
 *                    those whose name a stored column has but for case (that SQLite column is the stored one)
 * @param where       the configuration's filter, applied to every read, count and newest-value query
 * @param indexes     the indexes replicate keeps on the SQLite table, named (see {@link ReplicaIndexes})
 * @param softDelete  the configuration's soft-delete column, checked against the source: rows marked
 *                    by it are deleted from the replica instead of stored
 * @param snapshotKey the key column a first sync may read in order of, if the source can (see
 *                    {@link TablePlanner#snapshotKey}); empty once the table has a cursor
 * @param cursor      the stored cursor the run resumes from (finite), if any
 * @param start       where the cursor read starts, inclusive: the cursor less the lookback; empty
 *                    reads from the start
 * @param notes       what the planning found worth a line in the run log
 */
record TablePlan(TableSchema schema, SourceColumn watermark, WatermarkKind kind, List<String> key,
                 List<SourceColumn> columns, List<String> excluded, Optional<String> where,
                 List<ReplicaIndexes.Index> indexes, Optional<SoftDelete> softDelete, Optional<SourceColumn> snapshotKey,
                 Optional<Position> cursor, Optional<Position> start,
                 List<String> notes) {

    /** This plan resuming from {@code cursor}, the read starting at {@code start}, with these notes. */
    TablePlan resumed(Optional<SourceColumn> snapshotKey, Optional<Position> cursor, Optional<Position> start,
                      List<String> notes) {
        return new TablePlan(schema, watermark, kind, key, columns, excluded, where, indexes, softDelete, snapshotKey,
                cursor, start, notes);
    }

    /** Without a key, rows are told apart by their values (see {@link dev.replicate.sqlite.RowKeys}). */
    boolean appendOnly() {
        return key.isEmpty();
    }
}
