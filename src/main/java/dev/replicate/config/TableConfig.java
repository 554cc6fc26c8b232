package dev.replicate.config;

import dev.replicate.source.TableName;
import java.util.List;
import java.util.Optional;

/**
 * One replicated table.
 *
 * @param name           the source table, schema-qualified or not
 * @param watermark      the cursor column: rows are pulled in its order, and each run resumes after it
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
 * @param reconcile      {@code "deletes": {"reconcile": ...}}: rows whose key is gone from the source are
 *                       deleted, at most this often (see {@link Reconcile}); empty when not asked for
 * @param jsonPath       where this table stands in the configuration, for messages
 */
public record TableConfig(
        TableName name,
        String watermark,
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
        Optional<Reconcile> reconcile,
        String jsonPath) {

    /** A table that does not reconcile deletes. */
    public TableConfig(TableName name, String watermark, Optional<List<String>> primaryKey, String target,
                       int intervalSeconds, int pageSize, Optional<Lookback> lookback, Optional<List<String>> columns,
                       List<String> excludeColumns, Optional<String> where, List<IndexConfig> indexes,
                       Optional<String> softDelete, String jsonPath) {
        this(name, watermark, primaryKey, target, intervalSeconds, pageSize, lookback, columns, excludeColumns, where,
                indexes, softDelete, Optional.empty(), jsonPath);
    }

    /** A table without {@code "indexes"} that keeps rows deleted at the source. */
    public TableConfig(TableName name, String watermark, Optional<List<String>> primaryKey, String target,
                       int intervalSeconds, int pageSize, Optional<Lookback> lookback, Optional<List<String>> columns,
                       List<String> excludeColumns, Optional<String> where, String jsonPath) {
        this(name, watermark, primaryKey, target, intervalSeconds, pageSize, lookback, columns, excludeColumns, where,
                List.of(), Optional.empty(), Optional.empty(), jsonPath);
    }

    /** A table that reads every column and every row. */
    public TableConfig(TableName name, String watermark, Optional<List<String>> primaryKey, String target,
                       int intervalSeconds, int pageSize, Optional<Lookback> lookback, String jsonPath) {
        this(name, watermark, primaryKey, target, intervalSeconds, pageSize, lookback, Optional.empty(), List.of(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), jsonPath);
    }
}
