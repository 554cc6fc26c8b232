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
    /** Null for a whole read, which has no position (see {@link dev.replicate.source.Source#readWhole}). */
    private final WatermarkKind positionKind;
    /** Whether an integer position may come from the row (see {@link #positionInRow}); fixed per read. */
    private final boolean integerPositionFromRow;
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
        this.integerPositionFromRow = positionKind == WatermarkKind.INTEGER && source.integerPositionIsColumnValue();
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
        position = positionKind == null ? null : positionInRow(row) ? row[positionIndex - 1]
                : source.readPosition(resultSet, positionIndex, positionKind);
        return true;
    }

    /**
     * Whether the row already holds the position as {@link JdbcSource#readPosition} would read it: an
     * integer key or watermark among the selected columns, read by its column reader as the same
     * Long (getLong both ways), where the source says so
     * ({@link JdbcSource#integerPositionIsColumnValue}). Reading it once more cost a first sync in
     * key order a tenth of the reader's time on MySQL, where every getter takes the connection's lock.
     */
    private boolean positionInRow(Object[] row) {
        return integerPositionFromRow && positionIndex <= row.length && row[positionIndex - 1] instanceof Long;
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
