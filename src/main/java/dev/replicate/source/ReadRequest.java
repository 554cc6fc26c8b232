package dev.replicate.source;

import java.util.List;
import java.util.Optional;

/**
 * What to stream from one table.
 *
 * @param table          the table, as reflected
 * @param columns        the columns to read, in this order; each {@link RowStream#values()} follows it
 * @param watermark      the cursor column; rows whose watermark is NULL are never streamed
 * @param from           when present, stream only rows whose watermark is at least this value
 *                       (inclusive: rows that arrive later with the same value are not missed)
 * @param tieBreaker     columns that order rows of equal watermark (the primary key), may be empty
 * @param fetchSize      how many rows the driver should fetch at a time
 */
public record ReadRequest(
        TableSchema table,
        List<SourceColumn> columns,
        SourceColumn watermark,
        Optional<Object> from,
        List<String> tieBreaker,
        int fetchSize) {
}
