package dev.replicate.sqlite;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Writes rows into a replicated table through prepared upserts; the caller commits each page
 * together with its watermark.
 *
 * <p>For throughput (issue #5) rows go in groups of {@link #groupRows} per statement
 * ({@code INSERT ... VALUES (...), (...) ON CONFLICT ...}), which saves SQLite a statement step and
 * reset per row and the driver as many native calls; the rows left over at a flush go through the
 * one-row statement. Order is kept: groups are executed before the leftovers, and within a statement
 * SQLite applies rows in order. The statements are driven through sqlite-jdbc's native methods
 * ({@link DirectUpsert}) where that is possible, else through JDBC ({@link JdbcUpsert}); either way
 * memory does not grow with the page size and nothing becomes visible before the caller commits.
 */
public final class PageWriter implements AutoCloseable {
    /** Upper bound on rows per grouped statement. */
    static final int MAX_GROUP_ROWS = 32;
    /** SQLite's default limit on parameters per statement (SQLITE_MAX_VARIABLE_NUMBER) is 32766. */
    static final int MAX_PARAMETERS = 32766;
    /**
     * Rows held back for a group (or queued in a JDBC batch) are sent once they hold this many bytes
     * ({@link RowBytes}): a group of rows of megabytes each would otherwise hold tens of megabytes.
     */
    static final long SEND_BYTES = 1 << 20;

    private final Replica replica;
    private final TargetTable table;
    private final UpsertStatement single;
    /**
     * Prepared when the first group is full: a page of fewer rows than a group, as an incremental run's
     * usually is, never uses it, and preparing a 32-row upsert cost SQLite several times a one-row one's
     * (issue #17: about 5% of a run of 500 tables with nothing changed, which wrote one row each).
     */
    private UpsertStatement group;
    /** Whether rows are written in groups at all ({@link #groupRows} above 1): the group's text is made with its statement. */
    private final boolean grouped;
    /** Whether the rows are plain INSERTs ({@link #inserting}), for the group's text. */
    private final boolean plain;
    private final boolean direct;
    private final boolean appendOnly;
    private final int width;
    private final int groupRows;
    private final Object[][] held;
    private final String[] heldKeys;
    private int heldCount;
    /** Bytes of the rows added since the last {@link #send}: held back, or queued in a JDBC batch. */
    private long unsentBytes;
    private int pending;
    /** Prepared at the first soft-deleted row: a table without deletes never has one. */
    private JdbcUpsert delete;
    private int[] keyIndexes;
    /** The key's columns among the written ones, each tested for NULL ({@link #refuseNullKey}). */
    private final int[] keyColumns;

    public PageWriter(Replica replica, TargetTable table, WriteSettings settings) throws SQLException {
        this(replica, table, settings, false);
    }

    /**
     * A writer of plain INSERTs, for a table that no row is matched in (a full table's new copy): no row
     * key is bound, and a row whose key the table already holds fails the statement instead of
     * replacing the row.
     */
    public static PageWriter inserting(Replica replica, TargetTable table, WriteSettings settings) throws SQLException {
        return new PageWriter(replica, table, settings, true);
    }

    private PageWriter(Replica replica, TargetTable table, WriteSettings settings, boolean plain) throws SQLException {
        boolean direct = settings.direct();
        this.replica = replica;
        this.table = table;
        this.appendOnly = table.appendOnly() && !plain;
        this.width = table.columns().size();
        int parameters = width + (appendOnly ? 1 : 0);
        this.groupRows = Math.max(1, Math.min(MAX_GROUP_ROWS, MAX_PARAMETERS / Math.max(1, parameters)));
        this.direct = direct;
        this.single = prepare(replica, sql(table, plain, 1), 1, direct);
        this.grouped = groupRows > 1;
        this.plain = plain;
        this.held = new Object[groupRows][];
        this.heldKeys = new String[groupRows];
        this.keyColumns = table.appendOnly() ? new int[0]
                : table.key().stream().mapToInt(k -> indexOf(table.columns(), k)).toArray();
    }

    /**
     * The statement for {@code rows} rows: a plain INSERT for a table whose rows are not matched (a full
     * table's copy) or not matched yet (a first sync without a key, its identities bound but not checked:
     * see {@link RowKeyIndex}), else the upsert.
     */
    private static String sql(TargetTable table, boolean plain, int rows) {
        if (plain) {
            return SqliteSql.insert(table.name(), table.columns(), rows);
        }
        if (table.loading()) {
            List<String> columns = new java.util.ArrayList<>(table.columns());
            columns.add(SqliteSql.ROW_KEY);
            return SqliteSql.insert(table.name(), columns, rows);
        }
        return SqliteSql.upsert(table.name(), table.columns(), table.key(), rows, table.untyped(), table.gone());
    }

    private static UpsertStatement prepare(Replica replica, String sql, int rows, boolean direct) throws SQLException {
        var directly = direct ? DirectUpsert.prepare(replica.connection(), sql) : Optional.<UpsertStatement>empty();
        return directly.isPresent() ? directly.get() : new JdbcUpsert(replica.connection(), sql, rows);
    }

    /**
     * Adds a row.
     *
     * @param rowKey the row's identity for an append-only table (see {@link RowKeys}); ignored otherwise
     */
    public void add(Object[] values, String rowKey) throws SQLException {
        refuseNullKey(values);
        pending++;
        unsentBytes += RowBytes.of(values);
        if (!grouped) {
            bindRow(single, 0, values, rowKey);
            single.execute();
            if (unsentBytes >= SEND_BYTES) {
                send();
            }
            return;
        }
        held[heldCount] = values;
        heldKeys[heldCount] = rowKey;
        heldCount++;
        if (heldCount < groupRows && unsentBytes >= SEND_BYTES) {
            send();
        } else if (heldCount == groupRows) {
            if (group == null) {
                // Its text too is made here: a 32-row statement's text for each of 500 tables that never
                // filled a group was about 12 ms of such a run.
                group = prepare(replica, sql(table, plain, groupRows), groupRows, direct);
            }
            int offset = 0;
            for (int r = 0; r < groupRows; r++) {
                offset = bindRow(group, offset, held[r], heldKeys[r]);
                held[r] = null;
                heldKeys[r] = null;
            }
            heldCount = 0;
            group.execute();
            if (group instanceof DirectUpsert) {
                unsentBytes = 0; // sent: a direct statement runs at once
            }
        }
    }

    /**
     * Deletes the row of {@code values}' key, in the page's transaction, for a row read as deleted at
     * the source; counts as a row of the page. The rows added before it are sent first, so that the
     * page's statements apply in the order the rows came. Through JDBC, not the native path: deletes
     * are rare, and its update count says whether the replica held the row.
     *
     * @return 1 if the replica held the row, else 0 (a row deleted before it was ever stored)
     */
    public int delete(Object[] values) throws SQLException {
        if (keyIndexes == null) {
            keyIndexes = table.key().stream().mapToInt(k -> indexOf(table.columns(), k)).toArray();
        }
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            key[i] = values[keyIndexes[i]];
        }
        return deleteKey(key);
    }

    /**
     * Deletes the row of this key (the key columns' values, in the key's order), as {@link #delete}
     * does: in the page's transaction, after the rows added before it, counted as a row of the page.
     *
     * @return 1 if the replica held the row, else 0
     */
    public int deleteKey(Object[] key) throws SQLException {
        if (appendOnly) {
            throw new IllegalStateException("an append-only table has no key to delete by");
        }
        if (delete == null) {
            delete = new JdbcUpsert(replica.connection(), SqliteSql.deleteByKey(table.name(), table.key()), 1);
        }
        send();
        pending++;
        for (int i = 0; i < key.length; i++) {
            bind(delete, i + 1, key[i]);
        }
        return delete.executeCounted();
    }

    private static int indexOf(java.util.List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (SqliteSql.sameName(columns.get(i), name)) {
                return i;
            }
        }
        throw new IllegalStateException("the key column " + name + " is not among the columns written");
    }

    /**
     * A NULL in a key column is refused ({@link NullKeyValue}, which callers explain), before the row is
     * bound: in a one-column INTEGER key, an alias of the rowid, SQLite gives
     * a NULL the next row number, NOT NULL notwithstanding, and the row would be stored under a key the
     * source never had.
     */
    private void refuseNullKey(Object[] values) throws SQLException {
        for (int column : keyColumns) {
            if (values[column] == null) {
                throw new NullKeyValue(table.name(), table.columns().get(column));
            }
        }
    }

    /** Binds one row from parameter offset + 1 on; returns the offset after it. */
    private int bindRow(UpsertStatement statement, int offset, Object[] values, String rowKey) throws SQLException {
        for (int i = 0; i < width; i++) {
            bind(statement, offset + i + 1, values[i]);
        }
        if (appendOnly) {
            statement.bindText(offset + width + 1, rowKey);
            return offset + width + 1;
        }
        return offset + width;
    }

    /** Binds one value by its type (see {@link dev.replicate.source.SqliteType}). */
    static void bind(UpsertStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.bindNull(index);
        } else if (value instanceof String s) {
            statement.bindText(index, s);
        } else if (value instanceof Long l) {
            statement.bindLong(index, l);
        } else if (value instanceof Double d) {
            if (d.isNaN()) {
                // SQLite has no NaN: one bound as a REAL is stored as NULL, a silent loss (a NULL is another
                // value at the source). The text NaN stays text even in a REAL column, and says what it was.
                statement.bindText(index, "NaN");
            } else {
                statement.bindDouble(index, d);
            }
        } else if (value instanceof byte[] b) {
            statement.bindBlob(index, b);
        } else {
            throw new IllegalArgumentException("a source handed over a " + value.getClass().getName()
                    + "; only Long, Double, String, byte[] and null can be stored");
        }
    }

    /** Whether the rows go through sqlite-jdbc's native methods ({@link DirectUpsert}). */
    boolean drivesDirectly() {
        return single instanceof DirectUpsert;
    }

    /** Rows added since the last {@link #flush}. */
    public int pending() {
        return pending;
    }

    /**
     * Sends everything added; the rows become visible to readers when the caller commits.
     *
     * @return the rows added since the last flush that SQLite inserted, or updated because a value
     *         differed (see {@link SqliteSql#upsert}); rows found unchanged, and deletes, are not counted
     */
    public long flush() throws SQLException {
        send();
        pending = 0;
        return single.takeChanges() + (group == null ? 0 : group.takeChanges());
    }

    /** Sends every row added so far: the groups, then the rows held back, one by one. */
    private void send() throws SQLException {
        if (group != null) {
            group.flush();
        }
        for (int r = 0; r < heldCount; r++) {
            bindRow(single, 0, held[r], heldKeys[r]);
            single.execute();
            held[r] = null;
            heldKeys[r] = null;
        }
        heldCount = 0;
        single.flush();
        unsentBytes = 0;
    }

    @Override
    public void close() throws SQLException {
        try (single; UpsertStatement deleting = delete) {
            if (group != null) {
                group.close();
            }
        }
    }
}
