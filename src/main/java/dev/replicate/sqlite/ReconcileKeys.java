package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The replica's side of a reconcile: the source's keys go into a TEMP table ({@link #add}), then the
 * rows of the SQLite table whose key is not among them are found with an anti-join ({@link #findGone})
 * and deleted in batches ({@link #deleteBatch}), each batch its own transaction.
 *
 * <p>Why a table of keys rather than a merge of two key-ordered streams: the servers order text keys
 * by their collation (MySQL's are mostly case-insensitive and pad spaces, PostgreSQL's follow the
 * locale), SQLite by its BINARY one, so two streams ordered by each side would not meet in one order
 * and a merge would delete rows that exist. Here SQLite compares the values the source's column
 * readers produced (the very values it stored for the rows) with its own comparison, which is exact
 * for every key type, in any order the source sends them.
 *
 * <p>Memory stays flat: the TEMP tables live in a temporary file while a reconcile runs
 * ({@code temp_store = FILE}; the run's setting is MEMORY), and the keys are bound and sent as they
 * arrive. Nothing in the main file is written before {@link #deleteBatch}; a crash anywhere loses the
 * TEMP tables only, and the next run reconciles again.
 */
public final class ReconcileKeys implements AutoCloseable {
    private static final String KEYS = "_replicate_reconcile_keys";
    private static final String GONE = "_replicate_reconcile_gone";
    /** Keys per INSERT statement: as PageWriter's groups, a statement step and reset saved per key. */
    private static final int GROUP_ROWS = 256;

    private final Replica replica;
    private final Connection connection;
    private final String target;
    private final List<String> key;
    private final UpsertStatement single;
    private final UpsertStatement group;
    private final int groupRows;
    private final Object[][] held;
    private int heldCount;
    private long keysAdded;
    private long goneCount;
    /** The rows of the gone table handled so far (rowids 1 to this). */
    private long handled;

    private ReconcileKeys(Replica replica, String target, List<String> key, UpsertStatement single,
                          UpsertStatement group, int groupRows) {
        this.replica = replica;
        this.connection = replica.connection();
        this.target = target;
        this.key = key;
        this.single = single;
        this.group = group;
        this.groupRows = groupRows;
        this.held = new Object[groupRows][];
    }

    /**
     * Commits what the run has written so far, moves TEMP tables to a file and makes the table of
     * keys, its columns declared as the SQLite table's key columns are (so SQLite applies the same
     * affinity to a key as it did when it stored the row).
     *
     * @param key the key columns, as the source names them (SQLite's names ignore case)
     */
    public static ReconcileKeys begin(Replica replica, String target, List<String> key, WriteSettings settings)
            throws SQLException {
        Connection connection = replica.connection();
        replica.commit();
        List<String> types = declaredTypes(connection, target, key);
        // temp_store changes only outside a transaction (and drops what TEMP held: nothing, here).
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA temp_store = FILE");
            statement.execute("DROP TABLE IF EXISTS temp." + KEYS);
            statement.execute("DROP TABLE IF EXISTS temp." + GONE);
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                columns.add(SqliteSql.quote(key.get(i)) + " " + types.get(i));
            }
            // Keyed, without a rowid: a key goes straight into its place in the one B-tree the anti-join
            // searches (cheapest when the keys come in order, as the sources send them), and a key listed
            // twice (a configured key the source does not enforce) is stored once (INSERT OR IGNORE).
            statement.execute("CREATE TEMP TABLE " + KEYS + " (" + String.join(", ", columns) + ", PRIMARY KEY ("
                    + key.stream().map(SqliteSql::quote).collect(Collectors.joining(", ")) + ")) WITHOUT ROWID");
        } catch (SQLException | RuntimeException e) {
            restore(connection, e);
            throw e;
        }
        connection.setAutoCommit(false);
        int groupRows = Math.max(1, Math.min(GROUP_ROWS, PageWriter.MAX_PARAMETERS / key.size()));
        UpsertStatement single = null;
        try {
            single = prepare(connection, insert(key.size(), 1), 1, settings.direct());
            UpsertStatement group = groupRows > 1
                    ? prepare(connection, insert(key.size(), groupRows), groupRows, settings.direct()) : null;
            return new ReconcileKeys(replica, target, key, single, group, groupRows);
        } catch (SQLException | RuntimeException e) {
            if (single != null) {
                single.close();
            }
            restore(connection, e);
            throw e;
        }
    }

    private static String insert(int width, int rows) {
        String row = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
        return "INSERT OR IGNORE INTO temp." + KEYS + " VALUES " + String.join(", ", Collections.nCopies(rows, row));
    }

    private static UpsertStatement prepare(Connection connection, String sql, int rows, boolean direct)
            throws SQLException {
        Optional<UpsertStatement> directly = direct ? DirectUpsert.prepare(connection, sql) : Optional.empty();
        return directly.isPresent() ? directly.get() : new JdbcUpsert(connection, sql, rows);
    }

    /** The declared types of the SQLite table's key columns, in the key's order. */
    private static List<String> declaredTypes(Connection connection, String target, List<String> key)
            throws SQLException {
        List<String> types = new ArrayList<>(Collections.nCopies(key.size(), (String) null));
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA main.table_info(" + SqliteSql.quote(target) + ")")) {
            while (rs.next()) {
                String name = SqliteSql.foldCase(rs.getString("name"));
                for (int i = 0; i < key.size(); i++) {
                    if (SqliteSql.foldCase(key.get(i)).equals(name)) {
                        types.set(i, rs.getString("type"));
                    }
                }
            }
        }
        for (int i = 0; i < key.size(); i++) {
            if (types.get(i) == null) {
                throw new SQLException("the key column " + key.get(i) + " is not in the SQLite table " + target);
            }
        }
        return types;
    }

    /** Adds one of the source's keys (its values as the column readers gave them). */
    public void add(Object[] values) throws SQLException {
        keysAdded++;
        if (group == null) {
            bind(single, 0, values);
            single.execute();
            return;
        }
        held[heldCount++] = values;
        if (heldCount == groupRows) {
            int offset = 0;
            for (int r = 0; r < groupRows; r++) {
                offset = bind(group, offset, held[r]);
                held[r] = null;
            }
            heldCount = 0;
            group.execute();
        }
    }

    private int bind(UpsertStatement statement, int offset, Object[] values) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            PageWriter.bind(statement, offset + i + 1, values[i]);
        }
        return offset + key.size();
    }

    /** The keys added so far. */
    public long keysAdded() {
        return keysAdded;
    }

    /** What the anti-join found: the rows to delete, of the rows the SQLite table holds. */
    public record Gone(long rows, long total) {
    }

    /**
     * Sends the keys held back and puts the keys of the SQLite table's rows that the source did not
     * list into a second TEMP table, in one scan of the SQLite table; nothing is deleted yet.
     */
    public Gone findGone() throws SQLException {
        if (group != null) {
            group.flush();
        }
        for (int r = 0; r < heldCount; r++) {
            bind(single, 0, held[r]);
            single.execute();
            held[r] = null;
        }
        heldCount = 0;
        single.flush();
        String columns = key.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        String match = key.stream().map(c -> "k." + SqliteSql.quote(c) + " = t." + SqliteSql.quote(c))
                .collect(Collectors.joining(" AND "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + GONE + " AS SELECT "
                    + key.stream().map(c -> "t." + SqliteSql.quote(c)).collect(Collectors.joining(", "))
                    + " FROM main." + SqliteSql.quote(target) + " AS t WHERE NOT EXISTS (SELECT 1 FROM temp." + KEYS
                    + " AS k WHERE " + match + ")");
            long total;
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM main." + SqliteSql.quote(target))) {
                rs.next();
                total = rs.getLong(1);
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM temp." + GONE)) {
                rs.next();
                goneCount = rs.getLong(1);
            }
            // The keys are not needed any more: their file space goes now, not at the end.
            statement.execute("DROP TABLE temp." + KEYS);
            replica.commit();
            return new Gone(goneCount, total);
        }
    }

    /** Whether rows found gone are left to delete. */
    public boolean hasMore() {
        return handled < goneCount;
    }

    /**
     * Deletes the next {@code size} rows of those found gone, in one transaction of its own. Nothing
     * else is recorded with it: a batch stands on its own (each row it deletes is gone from the source),
     * and a run killed between batches leaves the next run to find and delete the rest.
     *
     * @return the rows deleted
     */
    public long deleteBatch(int size) throws SQLException {
        String columns = key.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        String sql = "DELETE FROM main." + SqliteSql.quote(target) + " WHERE "
                + (key.size() == 1 ? columns : "(" + columns + ")")
                + " IN (SELECT " + columns + " FROM temp." + GONE + " WHERE rowid > ? AND rowid <= ?)";
        int deleted;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, handled);
            statement.setLong(2, handled + size);
            deleted = statement.executeUpdate();
        }
        replica.commit();
        // CREATE TABLE ... AS numbers its rows 1, 2, ...: the batches walk them in that order.
        handled += size;
        return deleted;
    }

    /** Drops the TEMP tables and gives the run back its setting; whatever the reconcile left uncommitted rolls back. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        try {
            single.close();
            if (group != null) {
                group.close();
            }
        } catch (SQLException e) {
            failure = e;
        }
        replica.rollbackQuietly();
        try {
            restore(connection, failure);
        } catch (SQLException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Outside a transaction: drops the TEMP tables, temp_store back to the run's MEMORY, then a transaction again. */
    private static void restore(Connection connection, Exception pending) throws SQLException {
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS temp." + KEYS);
                statement.execute("DROP TABLE IF EXISTS temp." + GONE);
                statement.execute("PRAGMA temp_store = MEMORY");
            }
        } catch (SQLException e) {
            if (pending == null) {
                throw e;
            }
            pending.addSuppressed(e);
        } finally {
            connection.setAutoCommit(false);
        }
    }
}
