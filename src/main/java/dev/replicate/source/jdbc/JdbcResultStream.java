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
    /** A read ended by an Error: see {@link #close}. */
    private boolean broken;
    /** A read ended by the server's silence ({@link JdbcSource#stoppedAnswering}): see {@link #close}. */
    private boolean silenced;

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
        } catch (Exception e) {
            // A server that went quiet mid-stream (the read timeout): the driver's socket is gone, yet neither
            // driver counts the connection as closed (see close).
            silenced = source.stoppedAnswering(e);
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
     * there, waiting for bytes that never come; the run hung for good, holding the replica's lock. So too after
     * the server's silence: its socket is gone, yet the connection did not count as closed
     * ({@link JdbcSource#usable}), and Connector/J kept the stream registered, refusing every later statement
     * ("Streaming result set ... is still active"), pgjdbc failing each with an I/O error. The engine took it for
     * usable and ran the table's pass again over it (after SQLite refused the write lock), whose failure then
     * replaced the silence. Aborted, it counts as gone: the engine opens a fresh connection for what follows.
     */
    @Override
    public void close() throws Exception {
        if (broken || silenced) {
            connection.abort(Runnable::run);
            return;
        }
        try (statement) {
            resultSet.close();
        } catch (SQLException | RuntimeException e) {
            // The stream could not be ended (the rest of its rows could not be read: a connection cut mid-read):
            // Connector/J then keeps it registered, refusing every later statement, as after a silence.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException aborting) {
                e.addSuppressed(aborting);
            }
            throw e;
        }
        // Only once the result set is closed: Connector/J refuses the rollback of a stream still open (a read
        // the run gave up on before its end), and the transaction stayed open for the next statements.
        source.endStream(connection, statement);
    }
}
