package dev.replicate.source;

import java.util.List;

/**
 * Rows in cursor order: ascending watermark, then ascending tie-breaker. It streams: a source must
 * not hold more than a fetch's worth of rows in memory, whatever the table's size.
 */
public interface RowStream extends AutoCloseable {

    /** Moves to the next row; false at the end. */
    boolean next() throws Exception;

    /** The current row's values, converted to the SQLite types of the requested columns. A new array each row. */
    Object[] values();

    /** The current row's watermark, of the Java type its {@link WatermarkKind} names; never null. */
    Object watermark();

    /** Warnings collected since the last call (such as a zero date turned into NULL), then forgotten. */
    default List<String> drainWarnings() {
        return List.of();
    }

    @Override
    void close() throws Exception;
}
