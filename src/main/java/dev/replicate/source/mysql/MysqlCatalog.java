package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.jdbc.JdbcCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MySQL or MariaDB tables' columns (information_schema, typed by {@link MysqlTypes}), primary keys,
 * and which columns are declared NOT NULL, as last reflected: of one table, or of many in the same
 * queries (a run with many due tables asks for them together, issue #17: one round trip or three per
 * table was half of such a run).
 */
final class MysqlCatalog {

    private static final String COLUMNS_SQL = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA IN (%s) AND TABLE_NAME IN (%s)
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    private static final String PRIMARY_KEY_SQL = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA IN (%s) AND TABLE_NAME IN (%s) AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    /** MariaDB only: MySQL's CHECK_CONSTRAINTS has no TABLE_NAME. */
    private static final String CHECKS_SQL = """
            SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA IN (%s) AND TABLE_NAME IN (%s)""";

    private final Connection connection;
    private final JdbcCatalog catalog;
    /** The NOT NULL columns of each reflected table, as last reflected. */
    private final Map<TableName, Set<String>> notNullColumns = new HashMap<>();
    /** The character set of each text column of each reflected table, as last reflected. */
    private final Map<TableName, Map<String, String>> characterSets = new HashMap<>();

    /** A table's columns as information_schema lists them, those declared NOT NULL, and the text columns' character sets. */
    private record Found(List<SourceColumn> columns, Set<String> notNull, Map<String, String> charsets) {
    }

    MysqlCatalog(Connection connection) {
        this.connection = connection;
        this.catalog = new JdbcCatalog(connection);
    }

    /** An identifier quoted for MySQL, with its backquotes doubled inside. */
    static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    TableSchema reflect(TableName table) throws SQLException, SourceException {
        // information_schema may compare names without regard to case (MariaDB always does; MySQL when
        // lower_case_table_names is set). Take the exact name when it exists, else the one table that
        // matches regardless of case, under its real name so that the queries find it.
        Map<TableName, Found> found = columns(List.of(table));
        TableName resolved = found.containsKey(table) ? table
                : found.size() == 1 ? found.keySet().iterator().next() : null;
        if (resolved == null) {
            throw JdbcCatalog.missing(table);
        }
        return schemas(Map.of(resolved, found.get(resolved))).get(resolved);
    }

    /**
     * The tables (each named with its schema) that exist under exactly that name, by name; the others
     * are left out, for {@link #reflect(TableName)} to resolve by case or refuse.
     */
    Map<TableName, TableSchema> reflect(List<TableName> tables) throws SQLException {
        Map<TableName, Found> found = columns(tables);
        Set<TableName> wanted = new HashSet<>(tables);
        found.keySet().retainAll(wanted);
        return schemas(found);
    }

    /** The columns of every table whose schema and name are among those of {@code tables} (as the server compares names). */
    private Map<TableName, Found> columns(Collection<TableName> tables) throws SQLException {
        Map<TableName, List<SourceColumn>> columns = new LinkedHashMap<>();
        Map<TableName, Set<String>> notNull = new HashMap<>();
        Map<TableName, Map<String, String>> charsets = new HashMap<>();
        try {
            eachRow(COLUMNS_SQL, tables, rs -> {
                TableName name = new TableName(Optional.of(rs.getString(1)), rs.getString(2));
                columns.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(MysqlTypes.column(rs.getString(3), rs.getString(4), rs.getString(5)));
                if ("NO".equals(rs.getString(6))) {
                    notNull.computeIfAbsent(name, n -> new HashSet<>()).add(rs.getString(3));
                }
                if (rs.getString(7) != null) {
                    charsets.computeIfAbsent(name, n -> new HashMap<>()).put(rs.getString(3), rs.getString(7));
                }
            });
        } finally {
            catalog.end();
        }
        Map<TableName, Found> found = new LinkedHashMap<>();
        columns.forEach((name, list) -> found.put(name, new Found(list, notNull.getOrDefault(name, Set.of()),
                charsets.getOrDefault(name, Map.of()))));
        return found;
    }

    /** The schemas of tables found under their real names: their keys and MariaDB's json columns asked for together. */
    private Map<TableName, TableSchema> schemas(Map<TableName, Found> found) throws SQLException {
        if (found.isEmpty()) {
            return Map.of();
        }
        Map<TableName, List<String>> keys = new HashMap<>();
        try {
            eachRow(PRIMARY_KEY_SQL, found.keySet(), rs -> keys.computeIfAbsent(
                    new TableName(Optional.of(rs.getString(1)), rs.getString(2)), n -> new ArrayList<>()).add(rs.getString(3)));
        } finally {
            catalog.end();
        }
        Map<TableName, Set<String>> json = mariadbJson(found);
        Map<TableName, TableSchema> schemas = new HashMap<>();
        found.forEach((name, table) -> {
            // As last reflected: a column that lost its NOT NULL since is counted again.
            notNullColumns.put(name, Set.copyOf(table.notNull()));
            characterSets.put(name, Map.copyOf(table.charsets()));
            Set<String> jsonColumns = sameTable(json, name).orElse(Set.of());
            List<SourceColumn> columns = table.columns().stream()
                    .map(c -> jsonColumns.contains(c.name()) && c.sourceType().equalsIgnoreCase("longtext")
                            ? MysqlTypes.column(c.name(), "json", "json") : c)
                    .toList();
            schemas.put(name, new TableSchema(name, columns, List.copyOf(sameTable(keys, name).orElse(List.of()))));
        });
        return schemas;
    }

    /**
     * What another catalog view says about a table: under the name COLUMNS gave it, else under the one
     * name that differs from it only in case (each view compares names as the server does, and must not
     * be trusted to spell them alike; a key lost that way would make the table append-only).
     */
    private static <T> Optional<T> sameTable(Map<TableName, T> byName, TableName name) {
        T exact = byName.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        List<T> others = byName.entrySet().stream()
                .filter(e -> e.getKey().schema().orElseThrow().equalsIgnoreCase(name.schema().orElseThrow())
                        && e.getKey().table().equalsIgnoreCase(name.table()))
                .map(Map.Entry::getValue).toList();
        return others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty();
    }

    /** Whether the column was declared NOT NULL when its table was last reflected. */
    boolean declaredNotNull(TableName table, String column) {
        return notNullColumns.getOrDefault(table, Set.of()).contains(column);
    }

    /** The character sets of the table's text columns, by column, as last reflected; empty if it was not. */
    Optional<Map<String, String>> characterSets(TableName table) {
        return Optional.ofNullable(characterSets.get(table));
    }

    /**
     * MariaDB's json is an alias: the column is a longtext with the check json_valid(`column`). Such
     * columns are shown and treated as json (the value is the same text either way). Asked only about
     * tables with a longtext column, on MariaDB.
     */
    private Map<TableName, Set<String>> mariadbJson(Map<TableName, Found> found) throws SQLException {
        List<TableName> withLongtext = found.entrySet().stream()
                .filter(e -> e.getValue().columns().stream().anyMatch(c -> c.sourceType().equalsIgnoreCase("longtext")))
                .map(Map.Entry::getKey).toList();
        if (withLongtext.isEmpty() || !connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            return Map.of();
        }
        Map<TableName, Set<String>> json = new HashMap<>();
        try {
            eachRow(CHECKS_SQL, withLongtext, rs -> {
                TableName name = new TableName(Optional.of(rs.getString(1)), rs.getString(2));
                String column = rs.getString(3);
                if (("json_valid(" + quote(column) + ")").equalsIgnoreCase(rs.getString(4).strip())) {
                    json.computeIfAbsent(name, n -> new HashSet<>()).add(column);
                }
            });
        } finally {
            catalog.end();
        }
        return json;
    }

    /**
     * Runs one of the queries above with its two lists filled in: every schema and every table name
     * among {@code tables}. The rows may therefore include tables not asked for (b.t when a.t and b.u
     * were asked); callers keep the ones they want.
     */
    private void eachRow(String sql, Collection<TableName> tables, JdbcCatalog.RowConsumer each) throws SQLException {
        List<String> schemas = new ArrayList<>(new LinkedHashSet<>(tables.stream().map(t -> t.schema().orElseThrow()).toList()));
        List<String> names = new ArrayList<>(new LinkedHashSet<>(tables.stream().map(TableName::table).toList()));
        String query = sql.formatted(placeholders(schemas.size()), placeholders(names.size()));
        catalog.eachRow(query, statement -> {
            int i = 1;
            for (String schema : schemas) {
                statement.setString(i++, schema);
            }
            for (String name : names) {
                statement.setString(i++, name);
            }
        }, each);
    }

    private static String placeholders(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
