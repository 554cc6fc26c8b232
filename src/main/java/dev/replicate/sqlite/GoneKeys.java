package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keys of the rows a reconcile found gone, in a TEMP table whose rowids number them 1, 2, ... in
 * the order they were found, and their deletion in batches of those numbers. Shared by both
 * {@link ReconcileSide}s, with the handling of the TEMP tables' storage they both need: while a
 * reconcile runs, TEMP tables live in a temporary file ({@code temp_store = FILE}; the run's setting
 * is MEMORY), so memory stays flat even when every row of a large table is found gone.
 */
final class GoneKeys {
    static final String TABLE = "_replicate_reconcile_gone";

    private final Replica replica;
    private final String target;
    private final List<String> key;
    private long count;
    /** The rows of the gone table handled so far (rowids 1 to this). */
    private long handled;

    GoneKeys(Replica replica, String target, List<String> key) {
        this.replica = replica;
        this.target = target;
        this.key = key;
    }

    /** Sets how many keys the table holds, once it is filled. */
    void counted(long rows) {
        this.count = rows;
    }

    long count() {
        return count;
    }

    boolean hasMore() {
        return handled < count;
    }

    /** The rows the SQLite table holds. */
    long countRows() throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM main." + SqliteSql.quote(target))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes the rows of the next {@code size} gone keys and commits; the rows deleted. */
    long deleteBatch(int size) throws SQLException {
        String columns = key.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        String sql = "DELETE FROM main." + SqliteSql.quote(target) + " WHERE "
                + (key.size() == 1 ? columns : "(" + columns + ")")
                + " IN (SELECT " + columns + " FROM temp." + TABLE + " WHERE rowid > ? AND rowid <= ?)";
        int deleted;
        try (PreparedStatement statement = replica.connection().prepareStatement(sql)) {
            statement.setLong(1, handled);
            statement.setLong(2, handled + size);
            deleted = statement.executeUpdate();
        }
        replica.commit();
        handled += size;
        return deleted;
    }

    /**
     * Commits what the run has written so far, then, outside a transaction (temp_store changes only
     * there, and drops what TEMP held: nothing, here), moves TEMP tables to a file, drops {@code tables}
     * left by a run that died, and runs {@code make}; then a transaction again. On failure, gives the
     * run its setting back.
     */
    static void enter(Replica replica, SqlWork make, String... tables) throws SQLException {
        Connection connection = replica.connection();
        replica.commit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA temp_store = FILE");
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS temp." + table);
            }
            make.run(statement);
        } catch (SQLException | RuntimeException e) {
            restore(connection, e, tables);
            throw e;
        }
        connection.setAutoCommit(false);
    }

    /** Work on a statement outside a transaction, see {@link #enter}. */
    @FunctionalInterface
    interface SqlWork {
        void run(Statement statement) throws SQLException;
    }

    /** A statement a reconcile side holds open until its end. */
    @FunctionalInterface
    interface Open {
        void close() throws SQLException;
    }

    /**
     * The end of a reconcile side, finished or failed: closes {@code open} (each of them, whatever the
     * others do), rolls back what is uncommitted, then drops {@code tables} and gives the run its
     * temp_store back ({@link #restore}). The first failure is thrown, the later ones suppressed in it.
     */
    static void end(Replica replica, List<Open> open, String... tables) throws SQLException {
        SQLException failure = null;
        for (Open each : open) {
            try {
                each.close();
            } catch (SQLException e) {
                failure = first(failure, e);
            }
        }
        replica.rollbackQuietly();
        try {
            restore(replica.connection(), failure, tables);
        } catch (SQLException e) {
            failure = first(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException first(SQLException failure, SQLException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    /**
     * Outside a transaction: drops {@code tables}, temp_store back to the run's MEMORY, then a
     * transaction again. A failure is added to {@code pending} when there is one, else thrown.
     */
    static void restore(Connection connection, Exception pending, String... tables) throws SQLException {
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("DROP TABLE IF EXISTS temp." + table);
                }
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
