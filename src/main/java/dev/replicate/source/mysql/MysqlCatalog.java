package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.jdbc.JdbcCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A MySQL or MariaDB table's columns (information_schema, typed by {@link MysqlTypes}), primary key,
 * and which columns are declared NOT NULL, as last reflected.
 */
final class MysqlCatalog {

    private static final String COLUMNS_SQL = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    private static final String PRIMARY_KEY_SQL = """
            SELECT COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY ORDINAL_POSITION""";

    /** MariaDB only: MySQL's CHECK_CONSTRAINTS has no TABLE_NAME. */
    private static final String CHECKS_SQL = """
            SELECT CONSTRAINT_NAME, CHECK_CLAUSE
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?""";

    private final Connection connection;
    private final JdbcCatalog catalog;
    /** The NOT NULL columns of each reflected table, as last reflected. */
    private final Map<TableName, Set<String>> notNullColumns = new HashMap<>();
    /** The character set of each text column of each reflected table, as last reflected. */
    private final Map<TableName, Map<String, String>> characterSets = new HashMap<>();

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
        Map<TableName, List<SourceColumn>> found = new LinkedHashMap<>();
        Map<TableName, Set<String>> notNull = new HashMap<>();
        Map<TableName, Map<String, String>> charsets = new HashMap<>();
        try {
            catalog.eachRow(COLUMNS_SQL, table, rs -> {
                TableName name = new TableName(Optional.of(rs.getString(1)), rs.getString(2));
                found.computeIfAbsent(name, n -> new ArrayList<>())
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
        TableName resolved = found.containsKey(table) ? table
                : found.size() == 1 ? found.keySet().iterator().next() : null;
        if (resolved == null) {
            throw JdbcCatalog.missing(table);
        }
        List<String> key;
        try {
            key = catalog.primaryKey(PRIMARY_KEY_SQL, resolved);
        } finally {
            catalog.end();
        }
        // As last reflected: a column that lost its NOT NULL since is counted again.
        notNullColumns.put(resolved, Set.copyOf(notNull.getOrDefault(resolved, Set.of())));
        characterSets.put(resolved, Map.copyOf(charsets.getOrDefault(resolved, Map.of())));
        return new TableSchema(resolved, mariadbJson(resolved, found.get(resolved)), key);
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
     * columns are shown and treated as json (the value is the same text either way).
     */
    private List<SourceColumn> mariadbJson(TableName table, List<SourceColumn> columns) throws SQLException {
        if (columns.stream().noneMatch(c -> c.sourceType().equalsIgnoreCase("longtext"))
                || !connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            return List.copyOf(columns);
        }
        Set<String> json = new HashSet<>();
        try {
            catalog.eachRow(CHECKS_SQL, table, rs -> {
                String column = rs.getString(1);
                if (("json_valid(" + quote(column) + ")").equalsIgnoreCase(rs.getString(2).strip())) {
                    json.add(column);
                }
            });
        } finally {
            catalog.end();
        }
        return columns.stream()
                .map(c -> json.contains(c.name()) && c.sourceType().equalsIgnoreCase("longtext")
                        ? MysqlTypes.column(c.name(), "json", "json") : c)
                .toList();
    }
}
