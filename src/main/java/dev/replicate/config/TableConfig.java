package dev.replicate.config;

import dev.replicate.source.TableName;
import java.util.List;
import java.util.Optional;

/**
 * One replicated table.
 *
 * @param name        the source table, schema-qualified or not
 * @param watermark   the cursor column: rows are pulled in its order, and each run resumes after it
 * @param primaryKey  the key columns; empty Optional means "reflect the source's key", an empty list
 *                    means append-only
 * @param target      the SQLite table
 * @param jsonPath    where this table stands in the configuration, for messages
 */
public record TableConfig(
        TableName name,
        String watermark,
        Optional<List<String>> primaryKey,
        String target,
        int intervalSeconds,
        int pageSize,
        Optional<Lookback> lookback,
        String jsonPath) {
}
