package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
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
 * way (the fallback, {@link ReconcileSide#add}). A key listed twice is taken once.
 *
 * <p>Memory stays flat: one key of each side at a time, the gone keys grouped in a few hundred, and
 * the TEMP table in a file ({@link GoneKeys#enter}). Nothing in the main file is written before
 * {@link #deleteBatch}.
 */
public final class IntegerKeyMerge implements ReconcileSide {
    /** Gone keys per INSERT statement (a statement step saved per key when many are gone). */
    private static final int GROUP_ROWS = 256;

    private final Replica replica;
    private final Statement scan;
    private final ResultSet replicaKeys;
    private final PreparedStatement group;
    private final PreparedStatement single;
    private final GoneKeys gone;
    private final long[] held = new long[GROUP_ROWS];
    private int heldCount;
    private long goneCount;
    /** The replica's key the merge stands at, when {@link #replicaAhead} says there is one. */
    private long replicaKey;
    private boolean replicaAhead;
    private long total;
    private long previous;
    private long keysAdded;

    private IntegerKeyMerge(Replica replica, Statement scan, ResultSet replicaKeys, PreparedStatement group,
                            PreparedStatement single, GoneKeys gone) {
        this.replica = replica;
        this.scan = scan;
        this.replicaKeys = replicaKeys;
        this.group = group;
        this.single = single;
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
        Connection connection = replica.connection();
        String column = SqliteSql.quote(key.get(0));
        GoneKeys.enter(replica, statement -> statement.execute("CREATE TEMP TABLE " + GoneKeys.TABLE + " ("
                + column + " INTEGER)"), GoneKeys.TABLE);
        Statement scan = null;
        PreparedStatement group = null;
        PreparedStatement single = null;
        try {
            String insert = "INSERT INTO temp." + GoneKeys.TABLE + " VALUES ";
            group = connection.prepareStatement(insert + String.join(", ", Collections.nCopies(GROUP_ROWS, "(?)")));
            single = connection.prepareStatement(insert + "(?)");
            scan = connection.createStatement();
            ResultSet keys = scan.executeQuery("SELECT " + column + " FROM main." + SqliteSql.quote(target)
                    + " ORDER BY " + column);
            IntegerKeyMerge merge = new IntegerKeyMerge(replica, scan, keys, group, single,
                    new GoneKeys(replica, target, key));
            merge.advance();
            return Optional.of(merge);
        } catch (SQLException | RuntimeException e) {
            for (Statement statement : new Statement[] {scan, group, single}) {
                if (statement != null) {
                    try {
                        statement.close();
                    } catch (SQLException closing) {
                        e.addSuppressed(closing);
                    }
                }
            }
            replica.rollbackQuietly();
            GoneKeys.restore(connection, e, GoneKeys.TABLE);
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
            gone(replicaKey);
            advance();
        }
        if (replicaAhead && replicaKey == key) {
            advance();
        }
        previous = key;
        keysAdded++;
        return true;
    }

    private void gone(long key) throws SQLException {
        goneCount++;
        held[heldCount++] = key;
        if (heldCount == GROUP_ROWS) {
            for (int i = 0; i < GROUP_ROWS; i++) {
                group.setLong(i + 1, held[i]);
            }
            group.executeUpdate();
            heldCount = 0;
        }
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
            gone(replicaKey);
            advance();
        }
        for (int i = 0; i < heldCount; i++) {
            single.setLong(1, held[i]);
            single.executeUpdate();
        }
        heldCount = 0;
        replicaKeys.close();
        replica.commit();
        gone.counted(goneCount);
        return new Gone(goneCount, total);
    }

    @Override
    public boolean hasMore() {
        return gone.hasMore();
    }

    @Override
    public long deleteBatch(int size) throws SQLException {
        // The gone keys were inserted in ascending order, numbered 1, 2, ... by their rowids.
        return gone.deleteBatch(size);
    }

    @Override
    public void close() throws SQLException {
        GoneKeys.end(replica, List.of(scan::close, group::close, single::close), GoneKeys.TABLE);
    }
}
