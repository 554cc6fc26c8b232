package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The unique index on the row identities ({@link RowKeys}) of a table without a primary key, made after
 * a first sync's rows instead of before them. A performance workaround, measured (BENCHMARKS.md, "Tables
 * without a key"): a 1M-row first sync took 42-53 s with the index in place against 4-5 s for the same rows
 * with a key. Not for want of page cache (the index is 45 MiB, the cache 64 MiB): the identities are
 * digests, so each page of 1,000 rows dirties about 900 of the index's 5,800 leaf pages at random, and
 * every page's commit writes them all to the write-ahead log and a checkpoint writes them back, 1.28M log
 * frames (10 GB) for a 275 MB file. Made at the end, SQLite builds the index in one sorted pass.
 *
 * <p>So a table made by this release has its row key column without {@code UNIQUE} and this index beside
 * it; a table made by an earlier release has {@code UNIQUE} on the column, whose automatic index does the
 * same job and is kept ({@link #present} accepts either). Rows are written without the identity check only
 * while the table is empty at the start of a run and has no such index (a first sync): one run's read
 * gives every source row once, with identities unique among them, so nothing written then can double
 * another. A run that finds rows but no index (a first sync killed part-way) makes the index before it
 * writes, and then checks every row as before: the rows on the stored watermark are read again.
 */
public final class RowKeyIndex {
    private RowKeyIndex() {
    }

    /** The index's name: one per table, apart from replicate's configured indexes ({@code rx_...}) and the user's. */
    static String name(String table) {
        return SqliteSql.ROW_KEY + "_" + table;
    }

    /**
     * Whether {@code indexName}, an index on {@code table}, is this class's: its name as SQLite compares names
     * ({@link SqliteSql#sameName}, A-Z without case). Java's equalsIgnoreCase took an index of the user's named
     * with a dotless i or a Kelvin sign for it, and a full table's swap dropped that index for good.
     */
    static boolean isOurs(String table, String indexName) {
        return SqliteSql.sameName(name(table), indexName);
    }

    /** The CREATE UNIQUE INDEX, as run issues it (and {@code reflect} shows it). */
    public static String createSql(String table) {
        return "CREATE UNIQUE INDEX " + SqliteSql.quote(name(table)) + " ON " + SqliteSql.quote(table) + " ("
                + SqliteSql.quote(SqliteSql.ROW_KEY) + ")";
    }

    /**
     * Whether a unique index on exactly the row key guards the table: this class's, or the automatic one
     * of the column's {@code UNIQUE} in a table an earlier release made.
     */
    public static boolean present(Replica replica, String table) throws SQLException {
        try (PreparedStatement statement = replica.connection().prepareStatement(
                "SELECT 1 FROM pragma_index_list(?1) AS l WHERE l.\"unique\" = 1 AND l.partial = 0"
                        + " AND (SELECT count(*) FROM pragma_index_info(l.name)) = 1"
                        + " AND (SELECT i.name FROM pragma_index_info(l.name) AS i) = ?2 COLLATE NOCASE")) {
            statement.setString(1, table);
            statement.setString(2, SqliteSql.ROW_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    static boolean empty(Replica replica, String table) throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM " + SqliteSql.quote(table) + " LIMIT 1")) {
            return !rs.next();
        }
    }

    /**
     * Before rows are written to a table without a key that has the row key column: whether they may go
     * in unchecked (the table is empty and has no index: a first sync). A table with rows and no index is
     * given its index now.
     *
     * @param notes where a note goes when the index is made here
     * @return true when the rows are to be written unchecked, and {@link #afterLoad} called at the end
     */
    static boolean beforeWriting(Replica replica, String table, List<String> notes) throws SQLException {
        if (present(replica, table)) {
            return false;
        }
        if (empty(replica, table)) {
            return true;
        }
        make(replica, table).ifPresent(notes::add);
        notes.add("made the unique index on the row identities of " + table + ", which an interrupted first sync"
                + " left to be made after its rows; rows are checked against it from now on");
        return false;
    }

    /** For writers that check every row ({@code verify --repair}): makes the index where it is missing. */
    public static Optional<String> ensure(Replica replica, String table) throws SQLException {
        // Only where the column is there: SQLite would take a quoted name that names no column for a string,
        // and index that constant (a table a full refresh wrote has no identities; its writer fails instead).
        if (!hasColumn(replica, table, SqliteSql.ROW_KEY)) {
            return Optional.empty();
        }
        return present(replica, table) ? Optional.empty() : make(replica, table).or(() -> Optional.of(
                "made the unique index on the row identities of " + table + ", which an interrupted first sync left"
                        + " to be made after its rows"));
    }

    /**
     * At the end of a run that wrote rows unchecked: makes the index once the table holds rows (an empty
     * table waits, so that the rows of a later first read go in unchecked too).
     *
     * @return a note when rows had to go (see {@link #make})
     */
    public static Optional<String> afterLoad(Replica replica, String table) throws SQLException {
        if (empty(replica, table)) {
            return Optional.empty();
        }
        return make(replica, table);
    }

    /**
     * Makes the index in a transaction of its own. Should rows share an identity (which one run's read
     * never gives, unless the source returned rows of one watermark value apart), every one but the first
     * written is deleted in the same transaction: exactly what a writer that checks each row against the
     * index keeps (its {@code ON CONFLICT DO NOTHING} skips the later ones), said in a note.
     *
     * @return the note, when rows were deleted
     */
    static Optional<String> make(Replica replica, String table) throws SQLException {
        try {
            build(replica, table);
            return Optional.empty();
        } catch (SQLException e) {
            replica.rollbackQuietly();
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
        try {
            String rowid = rowidName(replica, table);
            String quoted = SqliteSql.quote(table);
            String key = SqliteSql.quote(SqliteSql.ROW_KEY);
            int deleted;
            try (Statement statement = replica.connection().createStatement()) {
                // Rows go in only at the end of the table while it is loaded, so the smallest rowid is the first written.
                deleted = statement.executeUpdate("DELETE FROM " + quoted + " WHERE " + rowid + " NOT IN (SELECT min("
                        + rowid + ") FROM " + quoted + " GROUP BY " + key + ")");
            }
            execute(replica, createSql(table));
            replica.commit();
            return Optional.of(Counted.rows(deleted) + " of " + table + " shared " + Counted.agreeing(deleted, "its", "their")
                    + " identity (a digest of the values, see README) with a row written before "
                    + Counted.agreeing(deleted, "it", "them") + ", as a run that checks each row would have found: the"
                    + " first of each was kept, the others removed");
        } catch (SQLException e) {
            replica.rollbackQuietly();
            throw e;
        }
    }

    /**
     * CREATE INDEX sorts every row's identity, and the sort spills to temporary files, which the run's
     * {@code temp_store = MEMORY} keeps in memory: peak RSS 240 MiB against 170 MiB for a 1M-row first sync,
     * and growing with the table. In a file, as a reconcile's TEMP tables ({@link GoneKeys#enter}, which
     * also says why this happens outside a transaction), memory stays flat. One statement: SQLite makes
     * the index whole or not at all.
     */
    private static void build(Replica replica, String table) throws SQLException {
        GoneKeys.enter(replica, statement -> statement.execute(createSql(table)));
        GoneKeys.restore(replica.connection(), null);
    }

    /** A name of the rowid that no column of the table takes (a column may be called rowid). */
    private static String rowidName(Replica replica, String table) throws SQLException {
        for (String candidate : List.of("rowid", "_rowid_", "oid")) {
            if (!hasColumn(replica, table, candidate)) {
                return candidate;
            }
        }
        throw new SQLException("the columns of " + table + " take every name of SQLite's rowid (rowid, _rowid_, oid)");
    }

    private static boolean hasColumn(Replica replica, String table, String column) throws SQLException {
        return !TargetTable.columnsPresent(replica, table, List.of(column)).isEmpty();
    }

    private static void execute(Replica replica, String sql) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == 2067 || message.contains("UNIQUE constraint failed")
                || message.contains("SQLITE_CONSTRAINT_UNIQUE");
    }
}
