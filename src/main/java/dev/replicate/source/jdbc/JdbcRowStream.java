package dev.replicate.source.jdbc;

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
final class JdbcRowStream extends JdbcResultStream {
    private final int positionIndex;
    /** Null for a whole read, which has no position (see {@link dev.replicate.source.Source#readWhole}). */
    private final WatermarkKind positionKind;
    /** Whether an integer position may come from the row (see {@link #positionInRow}); fixed per read. */
    private final boolean integerPositionFromRow;
    private Object position;

    JdbcRowStream(JdbcSource source, Connection connection, PreparedStatement statement, ResultSet resultSet,
                  List<ColumnReader> readers, int positionIndex, WatermarkKind positionKind) {
        super(source, connection, statement, resultSet, readers);
        this.positionIndex = positionIndex;
        this.positionKind = positionKind;
        this.integerPositionFromRow = positionKind == WatermarkKind.INTEGER && source.integerPositionIsColumnValue();
    }

    @Override
    public boolean next() throws Exception {
        if (!super.next()) {
            return false;
        }
        Object[] row = values();
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
    public Object position() {
        return position;
    }
}
