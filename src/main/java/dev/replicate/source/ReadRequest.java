package dev.replicate.source;

import java.util.List;
import java.util.Optional;

/**
 * What to stream from one table, and in which order. Two reads exist: {@link #byWatermark} (every
 * run's cursor read) and {@link #byKey} (a first sync's snapshot in primary-key order). Either way,
 * rows whose watermark is NULL, or not finite where the source has such values (PostgreSQL's NaN and
 * ±infinity), are never streamed, and {@link RowStream#position()} gives each row's value of the
 * {@code order} column.
 *
 * @param table          the table, as reflected
 * @param columns        the columns to read, in this order; each {@link RowStream#values()} follows it
 * @param watermark      the cursor column; rows whose watermark is NULL (or not finite) are never streamed
 * @param order          the column rows come in ascending order of: the watermark, or a single key column
 * @param from           when present, stream only rows whose {@code order} value is at least this value
 *                       ({@code fromExclusive} false) or greater than it ({@code fromExclusive} true)
 * @param fromExclusive  whether {@code from} itself is left out
 * @param watermarkBelow when present, stream only rows whose watermark is below this value (exclusive)
 * @param tieBreaker     columns that order rows of equal {@code order} value (the primary key); empty for a
 *                       table without a key, whose rows are told apart by their values: then a cursor read
 *                       ({@link #toldApartByValues}) must bring each spelling of a watermark value together,
 *                       where the source holds two spellings equal (a case-insensitive collation's 'k' and
 *                       'K'), so that identical rows are never handed over apart
 * @param fetchSize      how many rows the driver should fetch at a time
 * @param where          when present, a boolean SQL expression in the source's dialect (the table's
 *                       {@code "where"}, checked to be one expression): stream only rows for which it is
 *                       true, as {@code ... AND (where)} does. Only given to a source whose connector
 *                       says {@link SourceConnector#supportsFilter()}
 */
public record ReadRequest(
        TableSchema table,
        List<SourceColumn> columns,
        SourceColumn watermark,
        SourceColumn order,
        Optional<Object> from,
        boolean fromExclusive,
        Optional<Object> watermarkBelow,
        List<String> tieBreaker,
        int fetchSize,
        Optional<String> where) {

    /** A read of every row (no filter), as before filters existed. */
    public ReadRequest(TableSchema table, List<SourceColumn> columns, SourceColumn watermark, SourceColumn order,
                       Optional<Object> from, boolean fromExclusive, Optional<Object> watermarkBelow,
                       List<String> tieBreaker, int fetchSize) {
        this(table, columns, watermark, order, from, fromExclusive, watermarkBelow, tieBreaker, fetchSize,
                Optional.empty());
    }

    /**
     * The cursor read: rows at or after {@code from} (inclusive, so rows that arrive later with the
     * same value are not missed), by watermark, then by the tie-breaker.
     */
    public static ReadRequest byWatermark(TableSchema table, List<SourceColumn> columns, SourceColumn watermark,
                                          Optional<Object> from, List<String> tieBreaker, int fetchSize) {
        return new ReadRequest(table, columns, watermark, watermark, from, false, Optional.empty(), tieBreaker,
                fetchSize);
    }

    /**
     * A cursor read of a table without a key: its rows are told apart by their values and their count
     * among identical rows (RowKeys), which needs identical rows handed over together. Rows of one
     * watermark value come together, by the ORDER BY; where the source holds values equal that it
     * spells differently, the read orders them by their exact text as well (JdbcSource#exactOrder).
     */
    public boolean toldApartByValues() {
        return tieBreaker.isEmpty() && watermarkBelow.isEmpty() && order.equals(watermark);
    }

    /** The same read, limited to the rows {@code where} holds for (empty: every row). */
    public ReadRequest filtered(Optional<String> where) {
        return new ReadRequest(table, columns, watermark, order, from, fromExclusive, watermarkBelow, tieBreaker,
                fetchSize, where);
    }

    /**
     * A snapshot read: the rows whose watermark is below {@code watermarkBelow}, in ascending order
     * of the single-column key {@code key}, after {@code after} (exclusive: that row was already read).
     */
    public static ReadRequest byKey(TableSchema table, List<SourceColumn> columns, SourceColumn watermark,
                                    SourceColumn key, Optional<Object> after, Object watermarkBelow, int fetchSize) {
        return new ReadRequest(table, columns, watermark, key, after, true, Optional.of(watermarkBelow), List.of(),
                fetchSize);
    }
}
