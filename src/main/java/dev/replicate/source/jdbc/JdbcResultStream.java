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
        if (!resultSet.next()) {
            return false;
        }
        Object[] row = new Object[readers.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = readers.get(i).read(resultSet, i + 1);
        }
        values = row;
        return true;
    }

    @Override
    public Object[] values() {
        return values;
    }

    @Override
    public List<String> drainWarnings() {
        return source.drainWarnings();
    }

    @Override
    public void close() throws Exception {
        try (statement; resultSet) {
            source.endStream(connection, statement);
        }
    }
}
