package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.jdbc.JdbcCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A PostgreSQL table's columns (information_schema, typed by {@link PostgresTypes}) and primary key (pg_index). */
final class PostgresCatalog {

    private static final String COLUMNS_SQL = """
            SELECT column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale
            FROM information_schema.columns
            WHERE table_schema = ? AND table_name = ?
            ORDER BY ordinal_position""";

    private static final String PRIMARY_KEY_SQL = """
            SELECT a.attname
            FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = to_regclass(quote_ident(?) || '.' || quote_ident(?)) AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)""";

    private final JdbcCatalog catalog;

    PostgresCatalog(Connection connection) {
        this.catalog = new JdbcCatalog(connection);
    }

    /** The table as it is now; a table without columns is one the user cannot see. */
    TableSchema reflect(TableName table) throws SQLException, SourceException {
        List<SourceColumn> columns;
        List<String> key;
        try {
            columns = catalog.columns(COLUMNS_SQL, table, rs -> PostgresTypes.column(rs.getString(1), rs.getString(2),
                    rs.getString(3), (Integer) rs.getObject(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6)));
            key = catalog.primaryKey(PRIMARY_KEY_SQL, table);
        } finally {
            // One transaction for both queries, ended once.
            catalog.end();
        }
        if (columns.isEmpty()) {
            throw JdbcCatalog.missing(table);
        }
        return new TableSchema(table, List.copyOf(columns), key);
    }
}
