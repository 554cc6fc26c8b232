package dev.replicate.source.jdbc;

import dev.replicate.source.RowStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    /** The read's failure that left the connection unusable (an Error, the server's silence): see {@link #close}. */
    private Throwable gone;

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
            gone = e;
            throw e;
        } catch (Exception e) {
            // A server that went quiet mid-stream (the read timeout): the driver's socket is gone, yet neither
            // driver counts the connection as closed (see close).
            if (source.stoppedAnswering(e)) {
                gone = e;
            }
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

    /** Ends the stream as the source says, or aborts its connection after a read that left it unusable ({@link StreamEnd}). */
    @Override
    public void close() throws Exception {
        StreamEnd.end(source, connection, statement, resultSet, gone);
    }
}
