package dev.replicate.source;

import java.util.List;
import java.util.Optional;

/**
 * A read of a whole table, for a table in {@code "mode": "full"} ({@link Source#readWhole}): no
 * watermark, no cursor, every row the filter holds for.
 *
 * @param table     the table, as reflected
 * @param columns   the columns to read, in this order; each {@link RowStream#values()} follows it
 * @param order     the columns rows come in ascending order of (the primary key, so that SQLite
 *                  appends them to the new table's B-tree instead of inserting all over it); empty:
 *                  any order (a table without a key, whose rows SQLite appends anyway)
 * @param where     as {@link ReadRequest#where()}: only given to a source whose connector says
 *                  {@link SourceConnector#supportsFilter()}
 * @param fetchSize how many rows the driver should fetch at a time
 */
public record WholeRead(TableSchema table, List<SourceColumn> columns, List<String> order, Optional<String> where,
                        int fetchSize) {
}
