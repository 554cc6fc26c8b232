package dev.replicate.source.postgres;

import dev.replicate.log.Log;
import dev.replicate.source.IntegerText;
import dev.replicate.source.RowStream;
import dev.replicate.source.jdbc.JdbcSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLState;

/**
 * Streams a read's query through {@code COPY (query) TO STDOUT} (text format) instead of a
 * fetch-size cursor. Added for throughput (issue #5): with a cursor, the server waits while the
 * client decodes each fetch and the client waits while the server produces the next, so their work
 * adds up; COPY streams, the server producing while the client decodes (TCP flow control bounds the
 * rows in flight, so memory stays flat). Rows come in the query's ORDER BY order.
 *
 * <p>Values stay exact: every field is PostgreSQL's own text form under the session settings the
 * connector fixes (UTC, ISO dates, UTF-8, shortest-exact floats), and each column's {@link FieldReader}
 * turns it into the same value the JDBC reader would give: common forms by a fast path, anything
 * unusual (BC, infinity, five-digit years) through pgjdbc's own text parsers, the ones its result
 * sets use for text-format columns.
 */
final class PostgresCopyStream implements RowStream {

    /** Converts one field's text (unescaped, never NULL) to its value. */
    @FunctionalInterface
    interface FieldReader {
        Object read(byte[] field, int start, int end) throws SQLException;
    }

    /** The source whose connection this reads: it gives the connection up when the COPY left it unusable. */
    private final PostgresSource source;
    private final Connection connection;
    private final CopyOut copy;
    private final FieldReader[] readers;
    private final FieldReader positionReader;
    /** The field the position is read from: a column's, or the one after the columns; -1 for none (a whole read). */
    private final int positionField;
    private final int fields;
    private Object[] values;
    private Object position;
    private boolean finished;
    /** The read's failure when the server went quiet mid-COPY (the read timeout): see {@link #close}. */
    private SQLException silence;

    PostgresCopyStream(PostgresSource source, CopyOut copy, FieldReader[] readers, FieldReader positionReader,
                       int positionField) {
        this.source = source;
        this.connection = source.connection();
        this.copy = copy;
        this.readers = readers;
        this.positionReader = positionReader;
        this.positionField = positionField;
        this.fields = Math.max(readers.length, positionField + 1);
    }

    @Override
    public boolean next() throws Exception {
        if (finished) {
            return false;
        }
        byte[] row;
        try {
            row = copy.readFromCopy();
        } catch (SQLException e) {
            SQLException failure = UndecodableText.explained(e, connection);
            if (JdbcSource.socketTimedOut(e)) {
                silence = failure;
            }
            throw failure;
        }
        if (row == null) {
            finished = true;
            return false;
        }
        int end = row.length;
        if (end > 0 && row[end - 1] == '\n') {
            end--;
        }
        Object[] out = new Object[readers.length];
        position = null;
        int pos = 0;
        for (int i = 0; i < fields; i++) {
            if (pos > end) {
                throw new SQLException("a COPY row has " + i + " fields, expected " + fields);
            }
            int start = pos;
            boolean escaped = false;
            // A tab byte only ever separates fields: tabs in values arrive as \t, and UTF-8
            // continuation bytes are never 0x09 or 0x5C.
            while (pos < end && row[pos] != '\t') {
                if (row[pos] == '\\') {
                    escaped = true;
                    pos++;
                }
                pos++;
            }
            int fieldEnd = Math.min(pos, end);
            pos++;
            if (fieldEnd - start == 2 && row[start] == '\\' && row[start + 1] == 'N') {
                continue; // NULL: the value stays null (the query never returns a NULL position)
            }
            byte[] field = row;
            int from = start;
            int to = fieldEnd;
            if (escaped) {
                field = unescape(row, start, fieldEnd);
                from = 0;
                to = field.length;
            }
            if (i < readers.length) {
                out[i] = readers[i].read(field, from, to);
            }
            if (i == positionField) {
                position = positionReader.read(field, from, to);
            }
        }
        if (pos <= end) {
            throw new SQLException("a COPY row has more fields than the " + fields + " selected");
        }
        values = out;
        return true;
    }

    /** Undoes COPY's text-format escapes: \b \f \n \r \t \v, octal \ooo, hex \xhh, and \ before any other byte. */
    static byte[] unescape(byte[] row, int start, int end) {
        byte[] out = new byte[end - start];
        int length = 0;
        for (int i = start; i < end; i++) {
            byte b = row[i];
            if (b != '\\' || i + 1 >= end) {
                out[length++] = b;
                continue;
            }
            byte c = row[++i];
            switch (c) {
                case 'b' -> out[length++] = '\b';
                case 'f' -> out[length++] = '\f';
                case 'n' -> out[length++] = '\n';
                case 'r' -> out[length++] = '\r';
                case 't' -> out[length++] = '\t';
                case 'v' -> out[length++] = 0x0b;
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < end && Character.digit(row[i + 1], 16) >= 0) {
                        value = value * 16 + Character.digit(row[++i], 16);
                        digits++;
                    }
                    out[length++] = digits == 0 ? (byte) 'x' : (byte) value;
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int value = c - '0';
                        for (int digits = 1; digits < 3 && i + 1 < end && row[i + 1] >= '0' && row[i + 1] <= '7'; digits++) {
                            value = value * 8 + (row[++i] - '0');
                        }
                        out[length++] = (byte) value;
                    } else {
                        out[length++] = c;
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(out, length);
    }

    /**
     * An integer field (smallint, integer, bigint) as Long.parseLong would read its text, without
     * building the String (IntegerText); anything longer or unexpected goes the careful way, with
     * Long.parseLong's own errors.
     */
    static Long integer(byte[] field, int start, int end) {
        Long value = IntegerText.plain(field, start, end);
        return value != null ? value : Long.parseLong(text(field, start, end));
    }

    static String text(byte[] field, int start, int end) {
        return new String(field, start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public Object[] values() {
        return values;
    }

    @Override
    public Object position() {
        return position;
    }

    /**
     * Ends the COPY. One cut short (the caller stopped reading: a table that failed, a first sync that
     * went back to watermark order) is cancelled at the server, and what the server sent until it
     * stopped is read and dropped. pgjdbc's cancelCopy of a COPY TO only sends the cancel request and
     * leaves the rest of the answer in the connection, where the next statement read it as its own and
     * failed ("No results were returned by the query"; PostgresConnectorTest). Should the cancel request
     * itself fail, the rest is read all the same: slower, but the connection stays usable. The server's answer
     * to the cancel (query_canceled) is the expected end; should the rest end any other way (the server gone quiet,
     * the connection reset), the connection is aborted as after a read's silence, and that failure thrown: only
     * logged, it left the connection passing for usable, its next statement failing (pgjdbc lost its place in the
     * protocol: pgjdbc counts no connection closed after a failed read of a COPY), and the engine ran the pass
     * again over it, after SQLite refused the write lock, that failure replacing the first. Thrown, it goes with
     * the failure that cut the read short (try-with-resources), where the engine finds it.
     */
    @Override
    public void close() throws Exception {
        if (silence != null) {
            // The server went quiet: its socket is gone, yet pgjdbc does not count the connection as closed, and
            // each later statement failed with an I/O error (the engine ran a table's pass again over it, after
            // SQLite refused the write lock). Nothing is left to read; aborted, the connection counts as gone,
            // and the engine opens a fresh one. The silence was thrown already: an abort that fails goes with it.
            source.abandon(silence);
            return;
        }
        if (finished || !copy.isActive()) {
            return;
        }
        try {
            connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            Log.debug(e, "cancelling COPY");
        }
        try {
            while (copy.isActive() && copy.readFromCopy() != null) {
                // dropped
            }
        } catch (SQLException e) {
            if (!PSQLState.QUERY_CANCELED.getState().equals(e.getSQLState())) {
                source.abandon(e);
                throw e;
            }
            // the server's answer to the cancel ("canceling statement due to user request"), by design
            Log.debug(e, "the end of a cancelled COPY");
        }
    }
}
