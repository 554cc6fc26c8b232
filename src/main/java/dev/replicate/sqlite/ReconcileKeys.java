package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The replica's side of a reconcile for any key (the general way, see {@link ReconcileSide}): the
 * source's keys go into a TEMP table ({@link #add}), then the rows of the SQLite table whose key is
 * not among them are found with an anti-join ({@link #findGone}) and deleted in batches
 * ({@link #deleteBatch}), each batch its own transaction.
 *
 * <p>Why a table of keys rather than a merge of two key-ordered streams: the servers order text keys
 * by their collation (MySQL's are mostly case-insensitive and pad spaces, PostgreSQL's follow the
 * locale), SQLite by its BINARY one, so two streams ordered by each side would not meet in one order
 * and a merge would delete rows that exist. Here SQLite compares the values the source's column
 * readers produced (the very values it stored for the rows) with its own comparison, which is exact
 * for every key type, in any order the source sends them. ({@link IntegerKeyMerge} merges where a
 * merge is exact: a key that is the table's rowid, an integer, which every side orders alike.)
 *
 * <p>Memory stays flat: the TEMP tables live in a temporary file while a reconcile runs
 * ({@code temp_store = FILE}; the run's setting is MEMORY), and the keys are bound and sent as they
 * arrive. Nothing in the main file is written before {@link #deleteBatch}; a crash anywhere loses the
 * TEMP tables only, and the next run reconciles again.
 */
public final class ReconcileKeys implements ReconcileSide.Keys {
    private static final String KEYS = "_replicate_reconcile_keys";
    private static final String GONE = GoneKeys.TABLE;
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
    private final GoneKeys gone;

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
        this.gone = new GoneKeys(replica, target, key);
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
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            columns.add(SqliteSql.quote(key.get(i)) + " " + types.get(i));
        }
        // Keyed, without a rowid: a key goes straight into its place in the one B-tree the anti-join
        // searches (cheapest when the keys come in order, as the sources send them), and a key listed
        // twice (a configured key the source does not enforce) is stored once (INSERT OR IGNORE).
        GoneKeys.enter(replica, statement -> statement.execute("CREATE TEMP TABLE " + KEYS + " ("
                + String.join(", ", columns) + ", PRIMARY KEY ("
                + key.stream().map(SqliteSql::quote).collect(Collectors.joining(", ")) + ")) WITHOUT ROWID"),
                KEYS, GONE);
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
            GoneKeys.restore(connection, e, KEYS, GONE);
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

    /** Adds one of the source's keys (its values as the column readers gave them); any key, in any order. */
    @Override
    public boolean add(Object[] values) throws SQLException {
        keysAdded++;
        if (group == null) {
            bind(single, 0, values);
            single.execute();
            return true;
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
        return true;
    }

    private int bind(UpsertStatement statement, int offset, Object[] values) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            PageWriter.bind(statement, offset + i + 1, values[i]);
        }
        return offset + key.size();
    }

    @Override
    public long keysAdded() {
        return keysAdded;
    }

    @Override
    public String method() {
        return "a table of keys";
    }

    /**
     * Sends the keys held back and puts the keys of the SQLite table's rows that the source did not
     * list into a second TEMP table, in one scan of the SQLite table; nothing is deleted yet.
     */
    @Override
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
            long total = gone.countRows();
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM temp." + GONE)) {
                rs.next();
                gone.counted(rs.getLong(1));
            }
            // The keys are not needed any more: their file space goes now, not at the end.
            statement.execute("DROP TABLE temp." + KEYS);
            replica.commit();
            return Gone.counted(gone.count(), total);
        }
    }

    @Override
    public long countRows() throws SQLException {
        return gone.countRows();
    }

    @Override
    public boolean hasMore() {
        return gone.hasMore();
    }

    @Override
    public long deleteBatch(int size) throws SQLException {
        // CREATE TABLE ... AS numbers its rows 1, 2, ...: the batches walk them in that order.
        return gone.deleteBatch(size);
    }

    @Override
    public void close() throws SQLException {
        GoneKeys.end(replica, group == null ? List.of(single::close) : List.of(single::close, group::close), KEYS, GONE);
    }
}
