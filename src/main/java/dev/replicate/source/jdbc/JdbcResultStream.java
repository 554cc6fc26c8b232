package dev.replicate.source.jdbc;

import dev.replicate.source.RowStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * The rows of a streaming statement's result set (see {@link JdbcSource#prepareStreaming}), each read
 * by its columns' readers, and their end: closing ends the stream as the source says
 * ({@link JdbcSource#endStream}). What a read ({@link JdbcRowStream}) and a key scan
 * ({@link JdbcKeyStream}) have in common.
 */
abstract class JdbcResultStream implements RowStream {
    final JdbcSource source;
    private final Connection connection;
    private final PreparedStatement statement;
    final ResultSet resultSet;
    private final List<ColumnReader> readers;
    private Object[] values;
    /** A read ended by an Error: see {@link #close}. */
    private boolean broken;

    JdbcResultStream(JdbcSource source, Connection connection, PreparedStatement statement, ResultSet resultSet,
                     List<ColumnReader> readers) {
        this.source = source;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.readers = readers;
    }

    @Override
    public boolean next() throws Exception {
        try {
            if (!resultSet.next()) {
                return false;
            }
            Object[] row = new Object[readers.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = readers.get(i).read(resultSet, i + 1);
            }
            values = row;
            return true;
        } catch (Error e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public Object[] values() {
        return values;
    }

    @Override
    public List<String> drainWarnings() {
        return source.drainWarnings();
    }

    /**
     * Ends the stream as the source says. After an Error in the driver (an OutOfMemoryError while it
     * read a row of megabytes) the connection is aborted instead: the driver may have stopped halfway
     * through a message, and Connector/J's close of a streaming result reads the rest of the rows from
     * there, waiting for bytes that never come; the run hung for good, holding the replica's lock. The
     * engine opens a fresh connection for the source's next table.
     */
    @Override
    public void close() throws Exception {
        if (broken) {
            connection.abort(Runnable::run);
            return;
        }
        try (statement; resultSet) {
            source.endStream(connection, statement);
        }
    }
}
