package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableSchema;
import dev.replicate.sqlite.ReplicaIndexes;
import java.util.List;
import java.util.Optional;

/**
 * How a full table is read ({@code "mode": "full"}), decided by {@link TablePlanner#full} from its
 * configuration and the source's schema alone: the whole table, on every run, with no watermark.
 *
 * @param key      the key rows are upserted by in the new copy, and ordered by at the source; empty
 *                 for a table without one, whose rows are inserted as they come
 * @param columns  the columns read and stored, in source order (as {@link TablePlan#columns()})
 * @param excluded the source's columns not stored (as {@link TablePlan#excluded()})
 * @param where    the configuration's filter
 * @param indexes  the indexes replicate keeps on the SQLite table, named (see {@link ReplicaIndexes})
 */
record FullPlan(TableSchema schema, List<String> key, List<SourceColumn> columns, List<String> excluded,
                Optional<String> where, List<ReplicaIndexes.Index> indexes) {
}
