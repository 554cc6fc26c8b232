package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.jdbc.JdbcCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * table was half of such a run). Tables found under the name asked for take one query for all of it
 * ({@link #CATALOG_SQL}); a table found only under another case then has its key and checks asked
 * for again, under the name the server gave it.
 */
final class MysqlCatalog {

    private static final String PRIMARY_KEY_SQL = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA IN (%s) AND TABLE_NAME IN (%s) AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    /** MariaDB's hidden period column, which its system-versioned tables add to their primary key. */
    private static final String ROW_END = "row_end";

    private static final String SYSTEM_VERSIONED_SQL = """
            SELECT TABLE_SCHEMA, TABLE_NAME
            FROM information_schema.TABLES
            WHERE TABLE_SCHEMA IN (%s) AND TABLE_NAME IN (%s) AND TABLE_TYPE = 'SYSTEM VERSIONED'""";

    /** MariaDB only: MySQL's CHECK_CONSTRAINTS has no TABLE_NAME. */
    private static final String CHECKS_SQL = """
            SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA IN (%s) AND TABLE_NAME IN (%s)""";

    /**
     * The tables' columns, their primary keys ({@link #PRIMARY_KEY_SQL}) and, on MariaDB, their checks
     * ({@link #CHECKS_SQL}) in one round trip (issue #17: an incremental MariaDB run's reflection was
     * three statements in a cold driver), each row tagged with the part it answers. The text columns
     * are converted to one collation in the select list (the WHERE matches names as each view does):
     * the views need not agree on theirs, and a UNION of two implicit collations fails on MySQL. A
     * CHECK_CLAUSE comes in the DATA_TYPE column.
     */
    private static final String CATALOG_SQL = """
            SELECT 'c', %1$s, %2$s, %3$s, %4$s, %5$s, %6$s, %7$s, ORDINAL_POSITION, %8$s
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA IN (%%1$s) AND TABLE_NAME IN (%%2$s)
            UNION ALL
            SELECT 'k', %1$s, %2$s, %3$s, NULL, NULL, NULL, NULL, ORDINAL_POSITION, NULL
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA IN (%%1$s) AND TABLE_NAME IN (%%2$s) AND CONSTRAINT_NAME = 'PRIMARY'
            """.formatted(text("TABLE_SCHEMA"), text("TABLE_NAME"), text("COLUMN_NAME"), text("DATA_TYPE"),
            text("COLUMN_TYPE"), text("IS_NULLABLE"), text("CHARACTER_SET_NAME"), text("COLLATION_NAME"));

    /**
     * The collations that compare a utf8mb4 text by its bytes, which are its UTF-8 bytes, with NO PAD (a
     * shorter text first, as SQLite's BINARY): MySQL 8's utf8mb4_0900_bin, MariaDB's utf8mb4_nopad_bin.
     * Not utf8mb4_bin, which is PAD SPACE ('a' and 'a ' equal, 'a\t' before 'a'); nor another character set,
     * whose bytes are not UTF-8's (latin1 is cp1252) or which the connection's utf8mb4 literal would convert.
     */
    private static final Set<String> BYTEWISE_COLLATIONS = Set.of("utf8mb4_0900_bin", "utf8mb4_nopad_bin");

    /** {@link #CATALOG_SQL}'s part for MariaDB's json columns ({@link #CHECKS_SQL}). */
    private static final String CATALOG_CHECKS_SQL = """
            UNION ALL
            SELECT 'j', %1$s, %2$s, %3$s, %4$s, NULL, NULL, NULL, NULL, NULL
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA IN (%%1$s) AND TABLE_NAME IN (%%2$s)
            """.formatted(text("CONSTRAINT_SCHEMA"), text("TABLE_NAME"), text("CONSTRAINT_NAME"), text("CHECK_CLAUSE"));

    private static String text(String column) {
        return "CONVERT(" + column + " USING utf8mb4) COLLATE utf8mb4_bin";
    }

    private final Connection connection;
    private final JdbcCatalog catalog;
    /** The NOT NULL columns of each reflected table, as last reflected. */
    private final Map<TableName, Set<String>> notNullColumns = new HashMap<>();
    /** The character set of each text column of each reflected table, as last reflected. */
    private final Map<TableName, Map<String, String>> characterSets = new HashMap<>();

    /** A table's columns as information_schema lists them, those declared NOT NULL, and the text columns' character sets. */
    private record Found(List<SourceColumn> columns, Set<String> notNull, Map<String, String> charsets) {
    }

    /** What {@link #CATALOG_SQL} says: the tables found, by name, and the keys and json columns listed, by name. */
    private record Listing(Map<TableName, Found> found, Map<TableName, List<String>> keys,
                           Map<TableName, Set<String>> json) {
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
        Listing listing = list(List.of(table));
        Map<TableName, Found> found = listing.found();
        if (found.containsKey(table)) {
            return build(Map.of(table, found.get(table)), listing.keys(), listing.json()).get(table);
        }
        TableName resolved = found.size() == 1 ? found.keySet().iterator().next() : null;
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
        Listing listing = list(tables);
        Map<TableName, Found> found = listing.found();
        found.keySet().retainAll(new HashSet<>(tables));
        return build(found, listing.keys(), listing.json());
    }

    /**
     * Everything the catalog says about every table whose schema and name are among those of
     * {@code tables} (as the server compares names), in one query ({@link #CATALOG_SQL}).
     */
    private Listing list(Collection<TableName> tables) throws SQLException {
        Map<TableName, List<SourceColumn>> columns = new LinkedHashMap<>();
        Map<TableName, Set<String>> notNull = new HashMap<>();
        Map<TableName, Map<String, String>> charsets = new HashMap<>();
        Map<TableName, List<String>> keys = new HashMap<>();
        Map<TableName, Set<String>> json = new HashMap<>();
        boolean checks = mariadb();
        String sql = CATALOG_SQL + (checks ? CATALOG_CHECKS_SQL : "") + "ORDER BY 1, 2, 3, 9";
        try {
            eachRow(sql, checks ? 3 : 2, tables, rs -> {
                TableName name = new TableName(Optional.of(rs.getString(2)), rs.getString(3));
                String column = rs.getString(4);
                switch (rs.getString(1)) {
                    case "c" -> {
                        SourceColumn reflected = MysqlTypes.column(column, rs.getString(5), rs.getString(6));
                        if (bytewise(reflected, rs.getString(8), rs.getString(10))) {
                            reflected = new SourceColumn(reflected.name(), reflected.sourceType(),
                                    reflected.sqliteType(), reflected.watermarkKind(), true);
                        }
                        columns.computeIfAbsent(name, n -> new ArrayList<>()).add(reflected);
                        if ("NO".equals(rs.getString(7))) {
                            notNull.computeIfAbsent(name, n -> new HashSet<>()).add(column);
                        }
                        if (rs.getString(8) != null) {
                            charsets.computeIfAbsent(name, n -> new HashMap<>()).put(column, rs.getString(8));
                        }
                    }
                    case "k" -> keys.computeIfAbsent(name, n -> new ArrayList<>()).add(column);
                    default -> {
                        if (jsonCheck(column, rs.getString(5))) {
                            json.computeIfAbsent(name, n -> new HashSet<>()).add(column);
                        }
                    }
                }
            });
        } finally {
            catalog.end();
        }
        Map<TableName, Found> found = new LinkedHashMap<>();
        columns.forEach((name, list) -> found.put(name, new Found(list, notNull.getOrDefault(name, Set.of()),
                charsets.getOrDefault(name, Map.of()))));
        return new Listing(found, keys, json);
    }

    /**
     * Whether a text column orders by its UTF-8 bytes (see SourceColumn#bytewise): a varchar or text of
     * a {@link #BYTEWISE_COLLATIONS} collation. Not char(n), whose trailing spaces the server drops.
     */
    private static boolean bytewise(SourceColumn column, String characterSet, String collation) {
        String type = column.sourceType().toLowerCase(java.util.Locale.ROOT);
        return "utf8mb4".equalsIgnoreCase(characterSet) && collation != null
                && BYTEWISE_COLLATIONS.contains(collation.toLowerCase(java.util.Locale.ROOT))
                && MysqlTypes.category(column.sourceType()) == MysqlTypes.Category.TEXT && !type.startsWith("char");
    }

    /** The schemas of tables found under their real names: their keys and MariaDB's json columns asked for together. */
    private Map<TableName, TableSchema> schemas(Map<TableName, Found> found) throws SQLException {
        if (found.isEmpty()) {
            return Map.of();
        }
        Map<TableName, List<String>> keys = new HashMap<>();
        try {
            eachRow(PRIMARY_KEY_SQL, 1, found.keySet(), rs -> keys.computeIfAbsent(
                    new TableName(Optional.of(rs.getString(1)), rs.getString(2)), n -> new ArrayList<>()).add(rs.getString(3)));
        } finally {
            catalog.end();
        }
        return build(found, keys, mariadbJson(found));
    }

    /** The schemas of the tables {@code found}, with the keys and json columns the catalog listed. */
    private Map<TableName, TableSchema> build(Map<TableName, Found> found, Map<TableName, List<String>> keys,
                                              Map<TableName, Set<String>> json) throws SQLException {
        Set<TableName> versioned = systemVersioned(withHiddenRowEnd(found, keys));
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
            List<String> key = sameTable(keys, name).orElse(List.of());
            if (versioned.contains(name)) {
                key = key.stream().filter(column -> !column.equalsIgnoreCase(ROW_END)).toList();
            }
            TableSchema schema = new TableSchema(name, columns, List.copyOf(key));
            schemas.put(name, schema);
        });
        return schemas;
    }

    /**
     * Whether a table the catalog lists no key column of has a primary key all the same. The server lists
     * none of a key's columns (in COLUMNS, KEY_COLUMN_USAGE, STATISTICS and SHOW KEYS alike) to a login
     * that may not read one of them, which the table's rows do not tell either; but an index hint names
     * the key without naming a column, and the server refuses one for a key the table does not have
     * (ER_KEY_DOES_NOT_EXITS, 1176; a view has none). The engine asks it only of a table reflected without
     * a key whose entry gives no "primaryKey", just before the table runs (see Source#hiddenKey): a run
     * pays a round trip for each such table, none for the others, and a lock on one holds up no other. Only 1176 means "no key": any other
     * failure (a lock wait that timed out, a killed statement, a lost connection) says nothing about the
     * key and is thrown, failing the table as a failed read would, never making it append-only.
     */
    boolean hasPrimaryKey(TableName table) throws SQLException {
        SQLException failure = null;
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + quote(table.schema().orElseThrow()) + "." + quote(table.table())
                    + " FORCE INDEX (PRIMARY) LIMIT 0").close();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1176) {
                return false;
            }
            failure = probeFailure(table, e);
            throw failure;
        } finally {
            // Ending the transaction fails too on a connection the probe lost: the probe's own error is the one
            // that says what happened.
            try {
                catalog.end();
            } catch (SQLException ended) {
                if (failure == null) {
                    throw ended;
                }
                failure.addSuppressed(ended);
            }
        }
    }

    /**
     * The probe's failure, said to come from the primary-key check when nothing else tells it: a failure the
     * engine explains in its own words (a lock wait, a statement's time bound, a lost or silent connection)
     * stays as it is, since the engine tells those apart by their codes and causes, which are kept.
     */
    static SQLException probeFailure(TableName table, SQLException e) {
        boolean told = java.util.Set.of(1205, 1317, 1969, 3024).contains(e.getErrorCode())
                || e.getSQLState() != null && e.getSQLState().startsWith("08")
                || e instanceof java.sql.SQLNonTransientConnectionException
                || e instanceof com.mysql.cj.jdbc.exceptions.CommunicationsException;
        if (told) {
            return e;
        }
        return new SQLException("the check of whether " + table + " has a primary key the login is not shown (an index"
                + " hint naming PRIMARY) failed: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
    }

    /**
     * Why this server shows a login none of a primary key's columns, for {@code Source#hiddenKey}: told as
     * fits the server the handshake announced (no round trip).
     */
    String hiddenKeyCause() throws SQLException {
        return hiddenKeyCause(connection.getMetaData().getDatabaseProductVersion());
    }

    /**
     * Why a server that announced itself as {@code version} shows a login none of a primary key's columns.
     * Both list no column of a key that holds one the login may not read (a column grant that leaves one
     * out). MySQL 8.0.30 and newer also generates an invisible primary key, my_row_id, for a table created
     * without one while sql_generate_invisible_primary_key is ON, and hides it from every login while
     * show_gipk_in_create_table_and_information_schema is OFF, whatever the login may read: no grant shows
     * it, the setting does. MariaDB has neither the generated key nor the setting, and neither has MySQL
     * before 8.0.30: advice about them there would send the user after something that does not exist.
     */
    static String hiddenKeyCause(String version) {
        if (version.contains("MariaDB")) {
            return "MariaDB lists no column of a primary key to a login that may not read one of them";
        }
        String grants = "MySQL lists no column of a primary key to a login that may not read one of them";
        if (!com.mysql.cj.ServerVersion.parseVersion(version).meetsMinimum(new com.mysql.cj.ServerVersion(8, 0, 30))) {
            return grants;
        }
        return grants + "; nor, whatever the login may read, the invisible primary key my_row_id that it generates for"
                + " a table created without one, while show_gipk_in_create_table_and_information_schema is OFF:"
                + " SET PERSIST show_gipk_in_create_table_and_information_schema = ON shows it";
    }

    /**
     * The tables whose key holds a column named row_end that is not among their columns: on MariaDB, the
     * implicit row_end of a system-versioned table, which the server adds to its primary key and hides
     * from information_schema.COLUMNS (and from SELECT *). A column merely hidden from this user is
     * told apart by {@link #systemVersioned}.
     */
    private static Set<TableName> withHiddenRowEnd(Map<TableName, Found> found, Map<TableName, List<String>> keys) {
        Set<TableName> tables = new HashSet<>();
        found.forEach((name, table) -> {
            boolean listed = table.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(ROW_END));
            if (!listed && sameTable(keys, name).orElse(List.of()).stream().anyMatch(ROW_END::equalsIgnoreCase)) {
                tables.add(name);
            }
        });
        return tables;
    }

    /**
     * Which of {@code tables} are MariaDB's system-versioned tables. A plain SELECT reads only their
     * current rows, whose row_end all hold the same "still current" value, so the key they were declared
     * with (without row_end) is unique among the rows replicate reads; with row_end it would be a key
     * column no statement can name. Asked only when such a key was found, so other tables cost nothing.
     */
    private Set<TableName> systemVersioned(Set<TableName> tables) throws SQLException {
        if (tables.isEmpty() || !mariadb()) {
            return Set.of();
        }
        Set<TableName> versioned = new HashSet<>();
        try {
            eachRow(SYSTEM_VERSIONED_SQL, 1, tables, rs -> {
                TableName name = new TableName(Optional.of(rs.getString(1)), rs.getString(2));
                // As the server compares names: the one asked for that it matched.
                tables.stream().filter(t -> t.schema().orElseThrow().equalsIgnoreCase(name.schema().orElseThrow())
                        && t.table().equalsIgnoreCase(name.table())).forEach(versioned::add);
            });
        } finally {
            catalog.end();
        }
        return versioned;
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
        if (withLongtext.isEmpty() || !mariadb()) {
            return Map.of();
        }
        Map<TableName, Set<String>> json = new HashMap<>();
        try {
            eachRow(CHECKS_SQL, 1, withLongtext, rs -> {
                TableName name = new TableName(Optional.of(rs.getString(1)), rs.getString(2));
                String column = rs.getString(3);
                if (jsonCheck(column, rs.getString(4))) {
                    json.computeIfAbsent(name, n -> new HashSet<>()).add(column);
                }
            });
        } finally {
            catalog.end();
        }
        return json;
    }

    /** Whether a check constraint, named as MariaDB names a column's own, is the one a json column has. */
    private static boolean jsonCheck(String constraint, String clause) {
        return ("json_valid(" + quote(constraint) + ")").equalsIgnoreCase(clause.strip());
    }

    /** MariaDB, as the server's handshake said (no round trip). */
    private boolean mariadb() throws SQLException {
        return connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
    }

    /**
     * Runs one of the queries above with its two lists filled in: every schema and every table name
     * among {@code tables}, in each of its {@code parts} (the parts of a UNION, each with the two lists).
     * The rows may therefore include tables not asked for (b.t when a.t and b.u were asked); callers
     * keep the ones they want.
     */
    private void eachRow(String sql, int parts, Collection<TableName> tables, JdbcCatalog.RowConsumer each)
            throws SQLException {
        List<String> schemas = new ArrayList<>(new LinkedHashSet<>(tables.stream().map(t -> t.schema().orElseThrow()).toList()));
        List<String> names = new ArrayList<>(new LinkedHashSet<>(tables.stream().map(TableName::table).toList()));
        String query = sql.formatted(placeholders(schemas.size()), placeholders(names.size()));
        catalog.eachRow(query, statement -> {
            int i = 1;
            for (int part = 0; part < parts; part++) {
                for (String schema : schemas) {
                    statement.setString(i++, schema);
                }
                for (String name : names) {
                    statement.setString(i++, name);
                }
            }
        }, each);
    }

    private static String placeholders(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
