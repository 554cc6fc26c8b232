package dev.replicate.source.jdbc;

import java.sql.Connection;
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
