package dev.replicate.config;

import dev.replicate.source.SourceQuery;
import dev.replicate.source.TableName;
import java.util.List;
import java.util.Optional;

/**
 * One replicated table.
 *
 * @param name           the source table, schema-qualified or not; for a query, {@link SourceQuery#name()}
 *                       ({@code query:<target>}), the name its state is kept under
 * @param watermark      the cursor column of an incremental table: rows are pulled in its order, and each
 *                       run resumes after it; empty for a full table ({@link #mode()}), which is read whole
 *                       on every run
 * @param primaryKey     the key columns; empty Optional means "reflect the source's key", an empty list
 *                       means append-only
 * @param target         the SQLite table
 * @param columns        {@code "columns"}: only these are read and stored (they include the watermark
 *                       and the key); empty means every column but the excluded ones
 * @param excludeColumns {@code "excludeColumns"}: never read, never stored (never together with columns)
 * @param where          {@code "where"}: a boolean SQL expression in the source's dialect that every
 *                       read of the table is limited by
 * @param indexes        {@code "indexes"}: the indexes replicate keeps on the SQLite table
 * @param softDelete     {@code "deletes": {"softDelete": column}}: a row read with this column set (non-NULL;
 *                       for a boolean column, true) is deleted from the replica instead of stored; empty
 *                       for {@code "keep"}, the default
 * @param query          {@code "query"} instead of {@code "name"}: the rows come from this SELECT, whose
 *                       result columns stand for the table's (the target and the primary key are then given)
 * @param reconcile      {@code "deletes": {"reconcile": ...}}: rows whose key is gone from the source are
 *                       deleted, at most this often (see {@link Reconcile}); empty when not asked for
 * @param jsonPath       where this table stands in the configuration, for messages
 */
public record TableConfig(
        TableName name,
        Optional<String> watermark,
        Optional<List<String>> primaryKey,
        String target,
        int intervalSeconds,
        int pageSize,
        Optional<Lookback> lookback,
        Optional<List<String>> columns,
        List<String> excludeColumns,
        Optional<String> where,
        List<IndexConfig> indexes,
        Optional<String> softDelete,
        Optional<SourceQuery> query,
        Optional<Reconcile> reconcile,
        String jsonPath) {

    /** An incremental table entry (its watermark given; not a query) that does not reconcile deletes. */
    public TableConfig(TableName name, String watermark, Optional<List<String>> primaryKey, String target,
                       int intervalSeconds, int pageSize, Optional<Lookback> lookback, Optional<List<String>> columns,
                       List<String> excludeColumns, Optional<String> where, List<IndexConfig> indexes,
                       Optional<String> softDelete, String jsonPath) {
        this(name, Optional.of(watermark), primaryKey, target, intervalSeconds, pageSize, lookback, columns,
                excludeColumns, where, indexes, softDelete, Optional.empty(), Optional.empty(), jsonPath);
    }

    /**
     * {@code "mode"}: incremental when the table has a watermark, full when it has none (the
     * configuration refuses a watermark with {@code "mode": "full"}, and {@code "incremental"} without one).
     */
    public TableMode mode() {
        return watermark.isPresent() ? TableMode.INCREMENTAL : TableMode.FULL;
    }

    /** A table without {@code "indexes"} that keeps rows deleted at the source. */
    public TableConfig(TableName name, String watermark, Optional<List<String>> primaryKey, String target,
                       int intervalSeconds, int pageSize, Optional<Lookback> lookback, Optional<List<String>> columns,
                       List<String> excludeColumns, Optional<String> where, String jsonPath) {
        this(name, watermark, primaryKey, target, intervalSeconds, pageSize, lookback, columns, excludeColumns, where,
                List.of(), Optional.empty(), jsonPath);
    }

    /** A table that reads every column and every row. */
    public TableConfig(TableName name, String watermark, Optional<List<String>> primaryKey, String target,
                       int intervalSeconds, int pageSize, Optional<Lookback> lookback, String jsonPath) {
        this(name, watermark, primaryKey, target, intervalSeconds, pageSize, lookback, Optional.empty(), List.of(),
                Optional.empty(), List.of(), Optional.empty(), jsonPath);
    }

    /** The JSON path of each of {@link #indexes}' entries, in their order ({@code $[0].tables[1].indexes[0]}). */
    public List<String> indexEntries() {
        return indexes.stream().map(IndexConfig::jsonPath).toList();
    }

    /** What messages call the entry's rows: the source table's name, or {@code the query of <target>}. */
    public String describe() {
        return query.map(SourceQuery::describe).orElseGet(name::toString);
    }
}
