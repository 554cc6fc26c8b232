package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.jdbc.JdbcCatalog;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL tables' columns (the catalog, as information_schema.columns would give them, typed by
 * {@link PostgresTypes}) and primary keys (pg_index): of one table, or of many in the same two queries.
 * A run with many due tables asks for them together (issue #17): planning a query on the catalog costs
 * the server several milliseconds, so two queries for 500 tables took about 60 ms where one pair per
 * table took 3 s.
 */
final class PostgresCatalog {

    /**
     * Each column's name, its type as information_schema.columns gives it (data_type, udt_name and the length,
     * precision and scale as information_schema's own functions give them: {@link #charMaxLength}), whether its
     * text compares by its bytes, and
     * whether its equal values are spelt alike (a deterministic collation): read from the catalog itself rather
     * than through the view. The view's plan, over a dozen catalogs, cost a session's first query 12 ms of the
     * server's time against 6 ms for this one (planning and execution, medians of 12 fresh connections each, as
     * every run's is: BENCHMARKS.md, the fourteenth session); PostgresCatalogTest holds its answers to the
     * view's, type by type. The view's conditions are kept (the user's own tables, or columns they may use, and
     * no other session's temporary tables), with one more kind of relation: materialized views ('m'), which the
     * view leaves out and replicate reads like any view. The type a domain stands for and its modifier
     * ({@code tt}) are information_schema's _pg_truetypid and _pg_truetypmod written out: those take whole
     * pg_attribute and pg_type rows, which the server builds for each call, six calls a column; written out,
     * the query took 30-40% less of the server's time over 250 tables of 10 columns (issue #17). A numeric's
     * scale is read from the modifier's low 11 bits as the signed number PostgreSQL 15 keeps there
     * (numeric(3,-2) rounds to hundreds); _pg_numeric_scale reads them unsigned and calls that scale 2046.
     * Before version 15 a scale is 0 to the precision, where the two readings agree.
     *
     * <p>The two facts of the collation: whether it orders texts by their UTF-8 bytes (the SourceColumn's
     * bytewise), and whether it is deterministic (holds texts equal only when their bytes are;
     * PostgresSource#exactOrder). The second was asked of pg_collation by the read of a table without a key, a
     * round trip on every incremental run of such a table; asked here, in the reflection a run makes anyway, it
     * costs none. A column of the database's default collation (no collation of its own, a text or varchar
     * being always collatable) is deterministic, as the default always is; the catalog is asked only of another
     * collation, and of a name, which has none before PostgreSQL 12. Every collation is deterministic before
     * PostgreSQL 12, which has no collisdeterministic.
     */
    static final String COLUMNS_SQL = "SELECT n.nspname, c.relname, a.attname, x.data_type, COALESCE(bt.typname, t.typname),\n  "
            + charMaxLength("tt.id", "tt.mod") + ",\n  " + numericPrecision("tt.id", "tt.mod") + ",\n"
            + "  CASE WHEN tt.id = 1700 AND tt.mod <> -1 THEN (((tt.mod - 4) & 2047) # 1024) - 1024\n"
            + "    ELSE " + numericScale("tt.id", "tt.mod") + " END,\n" + """
              d.encoding IN ('UTF8', 'SQL_ASCII') AND CASE WHEN co.oid IS NULL THEN d.bytewise
                ELSE nco.nspname = 'pg_catalog' AND co.collname IN ('C', 'POSIX', 'ucs_basic') END,
              CASE WHEN co.oid IS NULL AND x.data_type <> 'name' THEN true
                ELSE COALESCE((SELECT COALESCE((to_jsonb(k) ->> 'collisdeterministic')::boolean, true)
                  FROM pg_collation k WHERE k.oid = a.attcollation), false) END
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_namespace nt ON nt.oid = t.typnamespace
            LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON nbt.oid = bt.typnamespace)
              ON t.typtype = 'd' AND t.typbasetype = bt.oid
            LEFT JOIN (pg_collation co JOIN pg_namespace nco ON nco.oid = co.collnamespace)
              ON a.attcollation = co.oid AND (nco.nspname <> 'pg_catalog' OR co.collname <> 'default')
            CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN
                CASE WHEN bt.typelem <> 0 AND bt.typlen = -1 THEN 'ARRAY'
                  WHEN nbt.nspname = 'pg_catalog' THEN format_type(t.typbasetype, NULL) ELSE 'USER-DEFINED' END
              ELSE CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
                  WHEN nt.nspname = 'pg_catalog' THEN format_type(a.atttypid, NULL) ELSE 'USER-DEFINED' END
              END AS data_type) x
            CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END AS id,
                CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS mod) tt
            CROSS JOIN (SELECT pg_encoding_to_char(encoding) AS encoding, datcollate IN ('C', 'POSIX')
                 AND COALESCE(to_jsonb(pg_database) ->> 'datlocprovider', 'c') = 'c' AS bytewise
               FROM pg_database WHERE datname = current_database()) d
            WHERE n.nspname = ANY (?) AND c.relname = ANY (?)
              AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p', 'm')
              AND NOT pg_is_other_temp_schema(n.oid)
              AND (pg_has_role(c.relowner, 'USAGE') OR has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
            ORDER BY n.nspname, c.relname, a.attnum""";

    /**
     * information_schema._pg_char_max_length of a type and modifier, its body written out: those functions
     * are SQL functions the server cannot inline (strict, with a CASE), so it ran each as a call of its own,
     * three a column, which was half the columns query's time over 250 tables of 10 columns (12 of 22 ms,
     * issue #17). The bodies are those of every release since 8.4; PostgresCatalogTest holds each to its
     * function over every type and a sweep of modifiers, on the server the tests run against.
     */
    static String charMaxLength(String id, String mod) {
        return "CASE WHEN " + mod + " = -1 THEN NULL WHEN " + id + " IN (1042, 1043) THEN " + mod + " - 4"
                + " WHEN " + id + " IN (1560, 1562) THEN " + mod + " END";
    }

    /** information_schema._pg_numeric_precision, written out (see {@link #charMaxLength}). */
    static String numericPrecision(String id, String mod) {
        return "CASE " + id + " WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 1700 THEN CASE WHEN " + mod
                + " = -1 THEN NULL ELSE ((" + mod + " - 4) >> 16) & 65535 END WHEN 700 THEN 24 WHEN 701 THEN 53 END";
    }

    /** information_schema._pg_numeric_scale, written out (see {@link #charMaxLength}). */
    static String numericScale(String id, String mod) {
        return "CASE WHEN " + id + " IN (21, 23, 20) THEN 0 WHEN " + id + " = 1700 THEN CASE WHEN " + mod
                + " = -1 THEN NULL ELSE (" + mod + " - 4) & 65535 END END";
    }

    private static final String PRIMARY_KEY_SQL = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indisprimary AND n.nspname = ANY (?) AND c.relname = ANY (?)
            ORDER BY n.nspname, c.relname, array_position(i.indkey::int2[], a.attnum)""";

    private final Connection connection;
    private final JdbcCatalog catalog;

    PostgresCatalog(Connection connection) {
        this.connection = connection;
        this.catalog = new JdbcCatalog(connection);
    }

    /** The table as it is now; a table without columns is one the user cannot see. */
    TableSchema reflect(TableName table) throws SQLException, SourceException {
        TableSchema schema = reflect(List.of(table)).get(table);
        if (schema == null) {
            SourceException missing = JdbcCatalog.missing(table);
            List<String> elsewhere;
            try {
                elsewhere = schemasHolding(table);
            } catch (SQLException e) {
                // Only a hint: its failure must not hide what is wrong.
                throw missing;
            }
            if (elsewhere.isEmpty()) {
                throw missing;
            }
            // A name without a schema is read in public, not along the login's search_path as psql does.
            throw new SourceException(missing.getMessage() + "; there is one in schema " + elsewhere.get(0)
                    + nameFor(elsewhere.get(0), table.table()) + (elsewhere.size() > 1 ? " (or another of "
                    + String.join(", ", elsewhere) + ")" : ""));
        }
        return schema;
    }

    /**
     * How the configuration names the table in that schema: a "name" (split at its first dot, so not for
     * a schema whose name holds one), written as a JSON string.
     */
    private static String nameFor(String schema, String table) {
        if (schema.contains(".")) {
            return ", whose name holds a dot, which a \"name\" cannot say: replicate it with a \"query\" (SELECT ..."
                    + " FROM " + quote(schema) + "." + quote(table) + ")";
        }
        return ": name it \"" + (schema + "." + table).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The other schemas with a relation of the table's name (of a kind replicate reads) that the user may
     * read (a column of it, in a schema it may use), those of the login's search_path first: where a user
     * who left the schema out meant it to be. Not the system's schemas, whose relations no one replicates.
     */
    private List<String> schemasHolding(TableName table) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try {
            catalog.eachRow("""
                    SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relname = ? AND n.nspname <> ? AND c.relkind IN ('r', 'v', 'f', 'p', 'm')
                      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                      AND NOT pg_is_other_temp_schema(n.oid) AND has_schema_privilege(n.oid, 'USAGE')
                      AND has_any_column_privilege(c.oid, 'SELECT')
                    ORDER BY array_position(current_schemas(false), n.nspname), n.nspname LIMIT 5""",
                    statement -> {
                        statement.setString(1, table.table());
                        statement.setString(2, table.schema().orElseThrow());
                    }, rs -> schemas.add(rs.getString(1)));
        } finally {
            catalog.end();
        }
        return schemas;
    }

    /**
     * The tables (each named with its schema) that exist and that the user can see, by name; the
     * others are left out. The queries ask for every schema and every name given, so they may return
     * tables not asked for (b.t when a.t and b.u were): those are dropped.
     */
    Map<TableName, TableSchema> reflect(List<TableName> tables) throws SQLException {
        Set<TableName> wanted = new LinkedHashSet<>(tables);
        Map<TableName, List<SourceColumn>> columns = new HashMap<>();
        Map<TableName, List<String>> keys = new HashMap<>();
        try {
            JdbcCatalog.Parameters names = namesOf(wanted);
            catalog.eachRow(COLUMNS_SQL, names, rs -> {
                TableName name = name(rs.getString(1), rs.getString(2));
                if (wanted.contains(name)) {
                    columns.computeIfAbsent(name, n -> new ArrayList<>()).add(PostgresTypes.column(rs.getString(3),
                            rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7),
                            (Integer) rs.getObject(8), rs.getBoolean(9), rs.getBoolean(10)));
                }
            });
            if (!columns.isEmpty()) {
                catalog.eachRow(PRIMARY_KEY_SQL, names, rs -> {
                    TableName name = name(rs.getString(1), rs.getString(2));
                    if (columns.containsKey(name)) {
                        keys.computeIfAbsent(name, n -> new ArrayList<>()).add(rs.getString(3));
                    }
                });
            }
        } finally {
            // One transaction for both queries, ended once.
            catalog.end();
        }
        Map<TableName, TableSchema> schemas = new HashMap<>();
        columns.forEach((name, list) -> schemas.put(name,
                new TableSchema(name, List.copyOf(list), List.copyOf(keys.getOrDefault(name, List.of())))));
        return schemas;
    }

    private static TableName name(String schema, String table) {
        return new TableName(Optional.of(schema), table);
    }

    /** The two parameters of both queries: every schema and every table name among {@code tables}. */
    private JdbcCatalog.Parameters namesOf(Set<TableName> tables) {
        Set<String> schemas = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (TableName table : tables) {
            schemas.add(table.schema().orElseThrow());
            names.add(table.table());
        }
        return statement -> {
            Array schemaArray = connection.createArrayOf("text", schemas.toArray());
            Array nameArray = connection.createArrayOf("text", names.toArray());
            statement.setArray(1, schemaArray);
            statement.setArray(2, nameArray);
        };
    }
}
