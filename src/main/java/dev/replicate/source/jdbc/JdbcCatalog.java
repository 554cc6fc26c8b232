package dev.replicate.source.jdbc;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop every JDBC source's reflection runs: a catalog query about one table (information_schema
 * and the like, its two parameters the table's schema and name), each row read by the source's own
 * mapping. The vendor catalogs say what to ask and how a row becomes a {@link SourceColumn}; this
 * class only runs the statements, so that they are prepared, closed and ended one way.
 */
public final class JdbcCatalog {
    private final Connection connection;

    public JdbcCatalog(Connection connection) {
        this.connection = connection;
    }

    /** Reads one row of a catalog query. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /** Maps one row of a columns query to a column, by the vendor's type table. */
    @FunctionalInterface
    public interface ColumnMapper {
        SourceColumn column(ResultSet row) throws SQLException;
    }

    /** Sets a catalog query's parameters. */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs a query whose parameters are the table's schema and name, and hands each row over. The
     * implicit transaction is left open for the next query of the same reflection: {@link #end}
     * ends it, once.
     */
    public void eachRow(String sql, TableName table, RowConsumer each) throws SQLException {
        eachRow(sql, statement -> {
            statement.setString(1, table.schema().orElseThrow());
            statement.setString(2, table.table());
        }, each);
    }

    /** As {@link #eachRow(String, TableName, RowConsumer)}, for a query about many tables, its parameters set by {@code parameters}. */
    public void eachRow(String sql, Parameters parameters, RowConsumer each) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs);
                }
            }
        }
    }

    /** The columns a query lists, in its order. */
    public List<SourceColumn> columns(String sql, TableName table, ColumnMapper mapper) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        eachRow(sql, table, rs -> columns.add(mapper.column(rs)));
        return columns;
    }

    /** The primary key's column names, from a query that lists them in key order. */
    public List<String> primaryKey(String sql, TableName table) throws SQLException {
        List<String> key = new ArrayList<>();
        eachRow(sql, table, rs -> key.add(rs.getString(1)));
        return List.copyOf(key);
    }

    /**
     * Ends the implicit transaction of the queries ({@link JdbcConnections#endTransaction}).
     */
    public void end() throws SQLException {
        JdbcConnections.endTransaction(connection);
    }

    /**
     * What reflecting a table the catalog does not list says. A name whose table part still holds a dot
     * (schema.table.more) says how it was read, since a name splits at its first dot only: the user may
     * have meant database.schema.table, or a table whose own name holds the dot.
     */
    public static SourceException missing(TableName table) {
        String reading = table.schema().isPresent() && table.table().indexOf('.') >= 0
                ? " (read as table \"" + table.table() + "\" in schema \"" + table.schema().get()
                + "\": a name splits at its first dot)" : "";
        return new SourceException("table " + table + reading + " does not exist at the source, or the user may not"
                + " read it");
    }
}
