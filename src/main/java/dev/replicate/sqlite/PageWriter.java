package dev.replicate.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes rows into a replicated table through prepared upserts, batched; the caller commits each
 * page together with its watermark.
 *
 * <p>For throughput (issue #5) rows go in groups of {@link #groupRows} per statement
 * ({@code INSERT ... VALUES (...), (...) ON CONFLICT ...}), which saves SQLite a statement step and
 * reset per row and sqlite-jdbc as many native calls (about a tenth of the writer's CPU); the rows
 * left over at a flush go through the one-row statement. Order is kept: groups are sent before the
 * leftovers, and within a statement SQLite applies rows in order. Batches are sent every
 * {@link #SEND_ROWS} rows within the open transaction, so memory does not grow with the page size;
 * nothing becomes visible before the caller commits.
 */
public final class PageWriter implements AutoCloseable {
    /** Rows bound into the driver's batch before it is sent to SQLite (still uncommitted). */
    static final int SEND_ROWS = 1024;
    /** Upper bound on rows per grouped statement. */
    static final int MAX_GROUP_ROWS = 32;
    /** SQLite's default limit on parameters per statement (SQLITE_MAX_VARIABLE_NUMBER) is 32766. */
    static final int MAX_PARAMETERS = 32766;

    private final PreparedStatement single;
    private final PreparedStatement group;
    private final boolean appendOnly;
    private final int width;
    private final int groupRows;
    private final Object[][] held;
    private final String[] heldKeys;
    private int heldCount;
    private int batched;
    private int pending;

    public PageWriter(Replica replica, TargetTable table) throws SQLException {
        this.appendOnly = table.appendOnly();
        this.width = table.columns().size();
        int parameters = width + (appendOnly ? 1 : 0);
        this.groupRows = Math.max(1, Math.min(MAX_GROUP_ROWS, MAX_PARAMETERS / Math.max(1, parameters)));
        this.single = replica.connection().prepareStatement(
                SqliteSql.upsert(table.name(), table.columns(), table.key()));
        PreparedStatement grouped = null;
        if (groupRows > 1) {
            try {
                grouped = replica.connection().prepareStatement(
                        SqliteSql.upsert(table.name(), table.columns(), table.key(), groupRows));
            } catch (SQLException | RuntimeException e) {
                single.close();
                throw e;
            }
        }
        this.group = grouped;
        this.held = new Object[groupRows][];
        this.heldKeys = new String[groupRows];
    }

    /**
     * Adds a row to the batch.
     *
     * @param rowKey the row's identity for an append-only table (see {@link RowKeys}); ignored otherwise
     */
    public void add(Object[] values, String rowKey) throws SQLException {
        pending++;
        if (group == null) {
            bindRow(single, 0, values, rowKey);
            single.addBatch();
            sendIfFull(single);
            return;
        }
        held[heldCount] = values;
        heldKeys[heldCount] = rowKey;
        heldCount++;
        if (heldCount == groupRows) {
            int offset = 0;
            for (int r = 0; r < groupRows; r++) {
                offset = bindRow(group, offset, held[r], heldKeys[r]);
                held[r] = null;
                heldKeys[r] = null;
            }
            heldCount = 0;
            group.addBatch();
            batched += groupRows - 1;
            sendIfFull(group);
        }
    }

    /** Binds one row from parameter offset + 1 on; returns the offset after it. */
    private int bindRow(PreparedStatement statement, int offset, Object[] values, String rowKey) throws SQLException {
        for (int i = 0; i < width; i++) {
            bind(statement, offset + i + 1, values[i]);
        }
        if (appendOnly) {
            statement.setString(offset + width + 1, rowKey);
            return offset + width + 1;
        }
        return offset + width;
    }

    private void sendIfFull(PreparedStatement statement) throws SQLException {
        if (++batched >= SEND_ROWS) {
            statement.executeBatch();
            batched = 0;
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.NULL);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Double d) {
            statement.setDouble(index, d);
        } else if (value instanceof byte[] b) {
            statement.setBytes(index, b);
        } else {
            throw new IllegalArgumentException("a source handed over a " + value.getClass().getName()
                    + "; only Long, Double, String, byte[] and null can be stored");
        }
    }

    /** Rows added since the last {@link #flush}. */
    public int pending() {
        return pending;
    }

    /** Sends everything added; the rows become visible to readers when the caller commits. */
    public void flush() throws SQLException {
        if (group != null) {
            group.executeBatch();
            for (int r = 0; r < heldCount; r++) {
                bindRow(single, 0, held[r], heldKeys[r]);
                single.addBatch();
                held[r] = null;
                heldKeys[r] = null;
            }
            heldCount = 0;
        }
        single.executeBatch();
        batched = 0;
        pending = 0;
    }

    @Override
    public void close() throws SQLException {
        try (single) {
            if (group != null) {
                group.close();
            }
        }
    }
}
