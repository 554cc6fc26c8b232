package dev.replicate.source.jdbc;

import dev.replicate.source.RowStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * A reconcile's key scan ({@link dev.replicate.source.Source#readKeys}): the key columns of every row
 * the table's filter holds for, read by the same column readers as a row, so that each value is the
 * one the replica stored for it.
 *
 * <p>The query has no ORDER BY: the replica does not need the keys in order (it compares them in a
 * table of its own, see dev.replicate.sqlite.ReconcileKeys), so the server may take whichever plan is
 * cheapest (a smaller index that holds the key, a sequential scan) and sorts nothing.
 */
final class JdbcKeyStream implements RowStream {
    private final JdbcSource source;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final List<ColumnReader> readers;
    private Object[] values;

    private JdbcKeyStream(JdbcSource source, Connection connection, PreparedStatement statement, ResultSet resultSet,
                          List<ColumnReader> readers) {
        this.source = source;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.readers = readers;
    }

    /** The query: the key columns, as the reads select them, of the rows the filter holds for. */
    static String query(List<JdbcColumn> key, String table, java.util.Optional<String> where) {
        return "SELECT " + String.join(", ", key.stream().map(JdbcColumn::selectExpression).toList())
                + " FROM " + table + where.map(w -> " WHERE (" + w + ")").orElse("");
    }

    static JdbcKeyStream open(JdbcSource source, Connection connection, PreparedStatement statement,
                              List<ColumnReader> readers) throws java.sql.SQLException {
        return new JdbcKeyStream(source, connection, statement, statement.executeQuery(), readers);
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

    /** A key scan has no order column. */
    @Override
    public Object position() {
        throw new UnsupportedOperationException("a key scan has no position");
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
