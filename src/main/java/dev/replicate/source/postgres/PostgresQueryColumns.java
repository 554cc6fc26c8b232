package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.SourceQuery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TypeInfo;

/**
 * A query's result columns typed as {@link PostgresCatalog} types a table's: the same
 * {@link PostgresTypes#column} on the same inputs. A table's come from information_schema.columns; a
 * query's from the row description the server sends (each column's type OID: the base type for a
 * domain, as information_schema reports a domain column) and the information_schema formula for
 * {@code data_type} and {@code udt_name}, asked of pg_type for those OIDs. The type's modifier
 * (a numeric's precision and scale, a varchar's length) comes from pgjdbc's metadata, which decodes
 * it; it only changes the type's name as shown, never its category.
 */
final class PostgresQueryColumns {
    /** information_schema.columns' data_type and udt_name of a column of a non-domain type. */
    private static final String TYPES_SQL = """
            SELECT t.oid::int8,
                   CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
                        WHEN n.nspname = 'pg_catalog' THEN format_type(t.oid, NULL)
                        ELSE 'USER-DEFINED' END,
                   t.typname
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.oid::int8 = ANY (?)""";

    private PostgresQueryColumns() {
    }

    static List<SourceColumn> columns(Connection connection, ResultSetMetaData metadata, SourceQuery query)
            throws SQLException, SourceException {
        TypeInfo types = connection.unwrap(BaseConnection.class).getTypeInfo();
        int count = metadata.getColumnCount();
        long[] oids = new long[count];
        for (int i = 0; i < count; i++) {
            String typeName = typeName(metadata.getColumnTypeName(i + 1));
            oids[i] = types.getPGType(typeName);
            if (oids[i] == 0) {
                throw new SourceException(query.describe() + ": the type " + typeName + " of its column "
                        + metadata.getColumnLabel(i + 1) + " is not known to the driver");
            }
        }
        Map<Long, String[]> catalog = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(TYPES_SQL)) {
            Array array = connection.createArrayOf("int8", java.util.Arrays.stream(oids).boxed().toArray());
            statement.setArray(1, array);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    catalog.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<SourceColumn> columns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] type = catalog.get(oids[i]);
            if (type == null) {
                throw new SourceException(query.describe() + ": the type of its column " + metadata.getColumnLabel(i + 1)
                        + " (OID " + oids[i] + ") is not in pg_type");
            }
            String dataType = type[0];
            int precision = metadata.getPrecision(i + 1);
            Integer length = null;
            Integer numericPrecision = null;
            Integer numericScale = null;
            // pgjdbc gives Integer.MAX_VALUE (its unknownLength) where the type has no length modifier.
            if ((dataType.startsWith("character") || dataType.startsWith("bit")) && precision > 0
                    && precision < Integer.MAX_VALUE) {
                length = precision;
            }
            // A numeric without precision and scale (numeric, sum(...)) has precision 0, which no numeric(p,s) has.
            if ("numeric".equals(dataType) && precision > 0) {
                numericPrecision = precision;
                numericScale = PostgresTypes.signedScale(metadata.getScale(i + 1));
            }
            columns.add(PostgresTypes.column(metadata.getColumnLabel(i + 1), dataType, type[1], length,
                    numericPrecision, numericScale));
        }
        return columns;
    }

    /**
     * The type's own name: pgjdbc reports an integer column with a sequence default (a serial) as
     * serial, bigserial or smallserial, which are no types.
     */
    private static String typeName(String reported) {
        return switch (reported) {
            case "serial" -> "int4";
            case "bigserial" -> "int8";
            case "smallserial" -> "int2";
            default -> reported;
        };
    }
}
