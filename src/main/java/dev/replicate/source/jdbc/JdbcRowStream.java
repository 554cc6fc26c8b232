package dev.replicate.source.jdbc;

import dev.replicate.source.RowStream;
import dev.replicate.source.WatermarkKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * Streams a read's result set. The select list holds the requested columns in order, and the
 * position column either among them or once more after them (see {@link JdbcSource#positionField}),
 * read as a typed value.
 */
final class JdbcRowStream implements RowStream {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final List<ColumnReader> readers;
    private final int positionIndex;
    private final WatermarkKind positionKind;
    private final JdbcSource source;
    private Object[] values;
    private Object position;

    JdbcRowStream(JdbcSource source, Connection connection, PreparedStatement statement, ResultSet resultSet,
                  List<ColumnReader> readers, int positionIndex, WatermarkKind positionKind) {
        this.source = source;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.readers = readers;
        this.positionIndex = positionIndex;
        this.positionKind = positionKind;
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
        position = source.readPosition(resultSet, positionIndex, positionKind);
        return true;
    }

    @Override
    public Object[] values() {
        return values;
    }

    @Override
    public Object position() {
        return position;
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
