package dev.replicate.source;

import java.util.List;

/**
 * Rows in the order the {@link ReadRequest} asked for: ascending {@code order} column (the watermark, or
 * a key), then ascending tie-breaker. It streams: a source must not hold more than a fetch's worth of
 * rows in memory, whatever the table's size.
 */
public interface RowStream extends AutoCloseable {

    /** Moves to the next row; false at the end. */
    boolean next() throws Exception;

    /** The current row's values, converted to the SQLite types of the requested columns. A new array each row. */
    Object[] values();

    /**
     * The current row's value of the request's {@code order} column (its watermark, or its key in a read
     * by key), of the Java type that column's {@link WatermarkKind} names; never null in such a read, and
     * always null in a {@link Source#readWhole} (which has no order column).
     */
    Object position();

    /** Warnings collected since the last call (such as a zero date turned into NULL), then forgotten. */
    default List<String> drainWarnings() {
        return List.of();
    }

    @Override
    void close() throws Exception;
}
