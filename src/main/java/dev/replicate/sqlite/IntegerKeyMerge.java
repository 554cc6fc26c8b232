package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The replica's side of a reconcile as a merge, for a SQLite table whose key is its rowid (one
 * column declared INTEGER, the primary key of a rowid table: what a source's single integer key
 * becomes). Added for speed (issue #15): the general way ({@link ReconcileKeys}) writes every key the
 * source lists into a TEMP B-tree and then searches it once per row of the table; for a 1M-row table
 * with 1,000 rows deleted that writing and searching was most of the reconcile (the reconcile took
 * about half the time of the table's first sync, against a target of 0.3). Here the source's keys,
 * in ascending order, meet the table's, read in its B-tree's own order ({@code ORDER BY key} on the
 * rowid: no sort, no index), and only the keys that are gone are written (into the TEMP table that
 * {@link GoneKeys} deletes from, as the general way does).
 *
 * <p>Exact because integers order alike everywhere: the servers' {@code ORDER BY} of an integer
 * column and SQLite's rowid order are both the order of the numbers, and a rowid holds only integers.
 * That is checked, not assumed, for each key: one that is not a {@link Long}, or that comes below the
 * key before it (a plug-in source listing in another order, a type whose server order differs),
 * makes {@link #add} refuse before anything is deleted, and the reconcile starts again the general
 * way (the fallback, {@link ReconcileSide.Keys#add}). A key listed twice is taken once.
 *
 * <p>Memory stays flat: one key of each side at a time, the gone keys grouped in a few hundred
 * ({@link GoneIntegerKeys}), and the TEMP table in a file ({@link GoneKeys#enter}). Nothing in the
 * main file is written before {@link #deleteBatch}.
 */
public final class IntegerKeyMerge implements ReconcileSide.Keys {
    private final Statement scan;
    private final ResultSet replicaKeys;
    private final GoneIntegerKeys gone;
    /** The replica's key the merge stands at, when {@link #replicaAhead} says there is one. */
    private long replicaKey;
    private boolean replicaAhead;
    private long total;
    private long previous;
    private long keysAdded;

    private IntegerKeyMerge(Statement scan, ResultSet replicaKeys, GoneIntegerKeys gone) {
        this.scan = scan;
        this.replicaKeys = replicaKeys;
        this.gone = gone;
    }

    /**
     * The merge, when {@code target}'s key is its rowid; empty otherwise (nothing done). Commits what
     * the run has written so far and opens the scan of the table's keys.
     *
     * @param key the key columns, as the source names them (SQLite's names ignore case)
     */
    static Optional<IntegerKeyMerge> begin(Replica replica, String target, List<String> key) throws SQLException {
        if (key.size() != 1 || !isRowid(replica.connection(), target, key.get(0))) {
            return Optional.empty();
        }
        String column = SqliteSql.quote(key.get(0));
        GoneIntegerKeys gone = GoneIntegerKeys.begin(replica, target, key.get(0));
        Statement scan = null;
        try {
            scan = replica.connection().createStatement();
            ResultSet keys = scan.executeQuery("SELECT " + column + " FROM main." + SqliteSql.quote(target)
                    + " ORDER BY " + column);
            IntegerKeyMerge merge = new IntegerKeyMerge(scan, keys, gone);
            merge.advance();
            return Optional.of(merge);
        } catch (SQLException | RuntimeException e) {
            Statement opened = scan;
            try {
                gone.end(opened == null ? List.of() : List.of(opened::close));
            } catch (SQLException ending) {
                e.addSuppressed(ending);
            }
            throw e;
        }
    }

    /**
     * Whether {@code column} is the rowid of {@code target}: the table's only key column, declared
     * INTEGER, and no index behind the key (a rowid table's INTEGER PRIMARY KEY is the rowid itself;
     * a WITHOUT ROWID table's key, or one declared otherwise, has an index of origin 'pk').
     */
    static boolean isRowid(Connection connection, String target, String column) throws SQLException {
        String quoted = SqliteSql.quote(target);
        int keyColumns = 0;
        boolean integerKey = false;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA main.table_info(" + quoted + ")")) {
            while (rs.next()) {
                if (rs.getInt("pk") > 0) {
                    keyColumns++;
                    integerKey = SqliteSql.foldCase(rs.getString("name")).equals(SqliteSql.foldCase(column))
                            && "INTEGER".equalsIgnoreCase(rs.getString("type"));
                }
            }
        }
        if (keyColumns != 1 || !integerKey) {
            return false;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA main.index_list(" + quoted + ")")) {
            while (rs.next()) {
                if ("pk".equals(rs.getString("origin"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Moves to the replica's next key; false at the end. */
    private void advance() throws SQLException {
        replicaAhead = replicaKeys.next();
        if (replicaAhead) {
            replicaKey = replicaKeys.getLong(1);
            total++;
        }
    }

    /**
     * Takes the source's next key: the replica's keys below it are gone, one equal to it stays. False,
     * taking nothing, for a key that is not a Long or comes below the one before it.
     */
    @Override
    public boolean add(Object[] values) throws SQLException {
        if (!(values[0] instanceof Long value)) {
            return false;
        }
        if (keysAdded > 0 && value <= previous) {
            return value == previous;
        }
        long key = value;
        while (replicaAhead && replicaKey < key) {
            gone.add(replicaKey);
            advance();
        }
        if (replicaAhead && replicaKey == key) {
            advance();
        }
        previous = key;
        keysAdded++;
        return true;
    }

    @Override
    public long keysAdded() {
        return keysAdded;
    }

    @Override
    public String method() {
        return "a merge of the rowid order";
    }

    /** The replica's keys past the source's last are gone too; the gone keys held back are written. */
    @Override
    public Gone findGone() throws SQLException {
        while (replicaAhead) {
            gone.add(replicaKey);
            advance();
        }
        replicaKeys.close();
        gone.finish();
        return Gone.counted(gone.count(), total);
    }

    @Override
    public long countRows() {
        return total;
    }

    @Override
    public boolean hasMore() {
        return gone.keys().hasMore();
    }

    @Override
    public long deleteBatch(int size) throws SQLException {
        // The gone keys were inserted in ascending order, numbered 1, 2, ... by their rowids.
        return gone.keys().deleteBatch(size);
    }

    @Override
    public void close() throws SQLException {
        gone.end(List.of(scan::close));
    }
}
