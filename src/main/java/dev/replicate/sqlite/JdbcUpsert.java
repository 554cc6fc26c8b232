package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * An upsert through sqlite-jdbc's JDBC layer: executions are queued in the driver's batch and sent
 * every {@link #SEND_ROWS} rows, so memory does not grow with the page size.
 */
final class JdbcUpsert implements UpsertStatement {
    /** Rows queued in the driver's batch before it is sent to SQLite (still uncommitted). */
    static final int SEND_ROWS = 1024;

    private final PreparedStatement statement;
    private final int rowsPerExecute;
    private int queuedRows;
    private long changes;

    JdbcUpsert(Connection connection, String sql, int rowsPerExecute) throws SQLException {
        this.statement = connection.prepareStatement(sql);
        this.rowsPerExecute = rowsPerExecute;
    }

    @Override
    public void bindNull(int index) throws SQLException {
        statement.setNull(index, Types.NULL);
    }

    @Override
    public void bindLong(int index, long value) throws SQLException {
        statement.setLong(index, value);
    }

    @Override
    public void bindDouble(int index, double value) throws SQLException {
        statement.setDouble(index, value);
    }

    @Override
    public void bindText(int index, String value) throws SQLException {
        statement.setString(index, value);
    }

    @Override
    public void bindBlob(int index, byte[] value) throws SQLException {
        statement.setBytes(index, value);
    }

    @Override
    public void execute() throws SQLException {
        statement.addBatch();
        queuedRows += rowsPerExecute;
        if (queuedRows >= SEND_ROWS) {
            flush();
        }
    }

    /** Runs the statement at once, outside the batch, and returns how many rows it changed. */
    int executeCounted() throws SQLException {
        return statement.executeUpdate();
    }

    @Override
    public void flush() throws SQLException {
        // sqlite-jdbc gives each execution's sqlite3_changes(), as executeUpdate does.
        for (int changed : statement.executeBatch()) {
            changes += Math.max(0, changed);
        }
        queuedRows = 0;
    }

    @Override
    public long takeChanges() {
        long taken = changes;
        changes = 0;
        return taken;
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
