package dev.replicate.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes rows into a replicated table through one prepared upsert, batched; the caller commits each
 * page together with its watermark.
 */
public final class PageWriter implements AutoCloseable {
    private final PreparedStatement upsert;
    private final boolean appendOnly;
    private final int width;
    private int pending;

    public PageWriter(Replica replica, TargetTable table) throws SQLException {
        this.upsert = replica.connection().prepareStatement(
                SqliteSql.upsert(table.name(), table.columns(), table.key()));
        this.appendOnly = table.appendOnly();
        this.width = table.columns().size();
    }

    /**
     * Adds a row to the batch.
     *
     * @param rowKey the row's identity for an append-only table (see {@link RowKeys}); ignored otherwise
     */
    public void add(Object[] values, String rowKey) throws SQLException {
        for (int i = 0; i < width; i++) {
            bind(i + 1, values[i]);
        }
        if (appendOnly) {
            upsert.setString(width + 1, rowKey);
        }
        upsert.addBatch();
        pending++;
    }

    private void bind(int index, Object value) throws SQLException {
        if (value == null) {
            upsert.setNull(index, java.sql.Types.NULL);
        } else if (value instanceof Long l) {
            upsert.setLong(index, l);
        } else if (value instanceof String s) {
            upsert.setString(index, s);
        } else if (value instanceof Double d) {
            upsert.setDouble(index, d);
        } else if (value instanceof byte[] b) {
            upsert.setBytes(index, b);
        } else {
            throw new IllegalArgumentException("a source handed over a " + value.getClass().getName()
                    + "; only Long, Double, String, byte[] and null can be stored");
        }
    }

    public int pending() {
        return pending;
    }

    /** Sends the batch; the rows become visible to readers when the caller commits. */
    public void flush() throws SQLException {
        if (pending > 0) {
            upsert.executeBatch();
            pending = 0;
        }
    }

    @Override
    public void close() throws SQLException {
        upsert.close();
    }
}
