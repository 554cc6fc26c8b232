package dev.replicate.source.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * A reconcile's key scan ({@link dev.replicate.source.Source#readKeys}): the key columns of every row
 * the table's filter holds for, read by the same column readers as a row, so that each value is the
 * one the replica stored for it.
 *
 * <p>The keys come in the order of the primary key, which the server reads from the key's index
 * without sorting. An integer key in ascending order is what lets the replica merge instead of
 * writing every key down (dev.replicate.sqlite.IntegerKeyMerge). Any other key is exact in any order
 * (a table of keys, dev.replicate.sqlite.ReconcileKeys), but keys in order go into that table's
 * B-tree at its end, page after page: a 1M-key reconcile's comparison took a third of the time it
 * took with the keys indexed after the load (SQLite 3.40, measured by hand for issue #15). Text keys
 * come in the server's collation, near enough to SQLite's for that.
 */
final class JdbcKeyStream extends JdbcResultStream {
    private JdbcKeyStream(JdbcSource source, Connection connection, PreparedStatement statement, ResultSet resultSet,
                          List<ColumnReader> readers) {
        super(source, connection, statement, resultSet, readers);
    }

    /**
     * The query: the key columns, as the reads select them, of the rows the filter holds for, in key
     * order. ORDER BY names the table's columns, qualified, as the reads do (a select expression may
     * keep a column's name).
     *
     * @param from      what the rows are read from: the table, or a query as a derived table
     * @param qualifier what its columns are qualified with: the table's name, or the query's alias
     */
    static String query(List<JdbcColumn> key, List<String> quotedNames, String from, String qualifier,
                        java.util.Optional<String> where) {
        return "SELECT " + String.join(", ", key.stream().map(JdbcColumn::selectExpression).toList())
                + " FROM " + from + where.map(w -> " WHERE (" + w + ")").orElse("")
                + " ORDER BY " + String.join(", ", quotedNames.stream().map(name -> qualifier + "." + name).toList());
    }

    /** The key scan of {@code resultSet}, which {@code statement} gave. */
    static JdbcKeyStream open(JdbcSource source, Connection connection, PreparedStatement statement,
                              ResultSet resultSet, List<ColumnReader> readers) {
        return new JdbcKeyStream(source, connection, statement, resultSet, readers);
    }

    /** A key scan has no order column. */
    @Override
    public Object position() {
        throw new UnsupportedOperationException("a key scan has no position");
    }
}
