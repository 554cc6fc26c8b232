package dev.replicate.source.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How a streaming statement's result ends, the same for a read ({@link JdbcResultStream}), a reconcile's key
 * blocks ({@link JdbcKeyBlocks}) and verify's digests ({@link JdbcDigests}): the result set closes first, then the
 * statement, then the stream ends as the source says ({@link JdbcSource#endStream}), in that order because
 * Connector/J refuses the rollback of a stream still open, and the transaction stayed open for the next statements.
 *
 * <p>A stream whose read left the connection {@code gone} is not ended but its connection aborted: after an
 * Error in the driver (an OutOfMemoryError while it read a row of megabytes) the driver may have stopped halfway
 * through a message, and Connector/J's close of a streaming result reads the rest of the rows from there, waiting
 * for bytes that never come (the run hung for good, holding the replica's lock); after the server's silence
 * ({@link JdbcSource#stoppedAnswering}) its socket is gone, yet neither driver counts the connection closed
 * ({@link JdbcSource#usable}), Connector/J kept the stream registered, refusing every later statement ("Streaming
 * result set ... is still active"), and pgjdbc failed each with an I/O error. The engine took it for usable and
 * ran the table's pass again over it (after SQLite refused the write lock), whose failure replaced the silence.
 * Aborted, it counts as gone: the engine opens a fresh connection for what follows.
 */
final class StreamEnd {
    private StreamEnd() {
    }

    /** Binds a streaming statement, runs it through {@code execution} (not by itself), and makes a stream of it or reads it. */
    @FunctionalInterface
    interface Opening<T> {
        T open(PreparedStatement statement, Execution execution) throws SQLException;
    }

    /**
     * Runs the streaming statement and gives its result, which the stream's end closes before the statement: the
     * statement's close alone ends Connector/J's streaming result too, but swallows a failure to read the rest of
     * its rows (a silence, a cut), leaving the stream registered on a connection that passes for usable.
     */
    @FunctionalInterface
    interface Execution {
        ResultSet executeQuery() throws SQLException;
    }

    /**
     * Opens a stream of {@code statement} (or reads its rows) through {@code opening}; should that fail, ends the
     * stream ({@link #end}) with the result set the statement gave, if it ran, before the failure goes on. Ending it
     * often fails for the same reason (a connection the server cut says only "closed"): the opening's failure is the
     * one told, the end's suppressed in it. After an Error (an OutOfMemoryError in a row of megabytes) or the
     * server's silence ({@link JdbcSource#stoppedAnswering}) the connection is given up instead, as after a read's.
     */
    static <T> T open(JdbcSource source, PreparedStatement statement, Opening<T> opening) throws SQLException {
        ResultSet[] result = new ResultSet[1];
        try {
            return opening.open(statement, () -> result[0] = statement.executeQuery());
        } catch (Error | SQLException | RuntimeException e) {
            Throwable gone = e instanceof Error || source.stoppedAnswering((Exception) e) ? e : null;
            try {
                end(source, source.connection, statement, result[0], gone);
            } catch (SQLException | RuntimeException ending) {
                e.addSuppressed(ending);
            }
            throw e;
        }
    }

    /**
     * Ends the stream, or aborts its connection when {@code gone} (the read's failure that left it unusable) is
     * not null: an abort that fails goes with {@code gone}, which the caller was told already, so that it never
     * takes the place of the read's failure. {@code resultSet} is null when the statement gave none (its run failed).
     */
    static void end(JdbcSource source, Connection connection, Statement statement, ResultSet resultSet, Throwable gone)
            throws SQLException {
        if (gone != null) {
            source.abandon(gone);
            return;
        }
        try (statement) {
            if (resultSet != null) {
                resultSet.close();
            }
        } catch (SQLException | RuntimeException e) {
            // The stream could not be ended: the rest of its rows could not be read (a connection cut or silent
            // mid-read), or the statement would not close after its result did. Connector/J then keeps the stream
            // registered, refusing every later statement, as after a silence; and a driver that cannot close a
            // statement whose result it closed is in no state anyone can tell. None of the built-in drivers does
            // I/O to close a statement (so it cannot fail alone there): aborting costs no more than a fresh
            // connection, where keeping it could pass a dead one for usable.
            source.abandon(e);
            throw e;
        }
        source.endStream(connection, statement);
    }
}
