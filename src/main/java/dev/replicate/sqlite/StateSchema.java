package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tool's own tables in the replica. Their version is kept in {@code PRAGMA user_version}, so a
 * later release can migrate a file an earlier one wrote.
 */
final class StateSchema {
    private StateSchema() {
    }

    static final String WATERMARKS = """
            CREATE TABLE IF NOT EXISTS _replicate_watermarks (
              source TEXT NOT NULL,
              "table" TEXT NOT NULL,
              target TEXT NOT NULL,
              watermark_column TEXT NOT NULL,
              watermark_type TEXT,
              last_value TEXT,
              last_run_ts TEXT,
              last_success_ts TEXT,
              last_ok INTEGER,
              last_error TEXT,
              last_rows_pulled INTEGER,
              consecutive_failures INTEGER NOT NULL DEFAULT 0,
              source_newest_value TEXT,
              snapshot_key_column TEXT,
              snapshot_key_type TEXT,
              snapshot_after TEXT,
              snapshot_below TEXT,
              last_rows_reread INTEGER,
              PRIMARY KEY (source, "table")
            )""";

    /**
     * Columns added to the first state version, with their types, added in place to a file an older
     * release created: a first sync's snapshot progress (see {@link SnapshotProgress}), and how many of
     * the last run's rows were re-read at or behind its starting watermark. Added columns
     * do not bump the state version, so the release before can still run the file (it reads columns
     * by name, and a snapshot it does not know of only makes it sync that table from the start).
     */
    private static final Map<String, String> ADDED_WATERMARK_COLUMNS = new LinkedHashMap<>();

    static {
        ADDED_WATERMARK_COLUMNS.put("snapshot_key_column", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_key_type", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_after", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_below", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("last_rows_reread", "INTEGER");
    }

    static final String LOG = """
            CREATE TABLE IF NOT EXISTS _replicate_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              ts TEXT NOT NULL,
              started_ts TEXT NOT NULL,
              source TEXT NOT NULL,
              "table" TEXT NOT NULL,
              target TEXT NOT NULL,
              rows_pulled INTEGER NOT NULL,
              ok INTEGER NOT NULL,
              error TEXT,
              notes TEXT,
              duration_ms INTEGER NOT NULL
            )""";

    /** The state tables, by name. */
    static final String WATERMARKS_TABLE = "_replicate_watermarks";
    static final String LOG_TABLE = "_replicate_log";

    /**
     * Puts the state tables in place.
     *
     * @return the state tables that a file already at this state version lacked and that were made
     *         again (dropped by hand, issue #14); empty for a new or intact file
     */
    static Set<String> ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version = userVersion(statement);
            if (version > Replica.STATE_VERSION) {
                throw new SQLException("this SQLite file was written by a newer replicate (state version "
                        + version + "); upgrade replicate");
            }
            if (version == Replica.STATE_VERSION) {
                // user_version stays when a state table is dropped by hand, so its presence is checked
                // here too: without this every later run failed on "no such table", forever.
                Set<String> missing = missingTables(statement);
                if (!missing.isEmpty()) {
                    statement.execute("BEGIN IMMEDIATE");
                    create(statement);
                    statement.execute("COMMIT");
                } else if (!missingColumns(statement, WATERMARKS_TABLE, ADDED_WATERMARK_COLUMNS).isEmpty()) {
                    statement.execute("BEGIN IMMEDIATE");
                    addMissingColumns(statement, WATERMARKS_TABLE, ADDED_WATERMARK_COLUMNS);
                    statement.execute("COMMIT");
                }
                return missing;
            }
            statement.execute("BEGIN IMMEDIATE");
            create(statement);
            statement.execute("PRAGMA user_version = " + Replica.STATE_VERSION);
            statement.execute("COMMIT");
            return Set.of();
        }
    }

    /** Creates what is missing of the state tables, inside the caller's transaction. */
    private static void create(Statement statement) throws SQLException {
        statement.execute(WATERMARKS);
        addMissingColumns(statement, WATERMARKS_TABLE, ADDED_WATERMARK_COLUMNS);
        statement.execute(LOG);
        statement.execute("CREATE INDEX IF NOT EXISTS _replicate_log_ts ON _replicate_log (ts)");
    }

    /** The state tables the file lacks. */
    static Set<String> missingTables(Statement statement) throws SQLException {
        Set<String> missing = new java.util.TreeSet<>(Set.of(WATERMARKS_TABLE, LOG_TABLE));
        try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('"
                + WATERMARKS_TABLE + "', '" + LOG_TABLE + "')")) {
            while (rs.next()) {
                missing.remove(rs.getString(1));
            }
        }
        return missing;
    }

    /** Adds the columns the table lacks; inside the caller's transaction (a second run may race to it). */
    private static void addMissingColumns(Statement statement, String table, Map<String, String> columns)
            throws SQLException {
        for (String column : missingColumns(statement, table, columns)) {
            statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + columns.get(column));
        }
    }

    private static List<String> missingColumns(Statement statement, String table, Map<String, String> columns)
            throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                present.add(rs.getString("name"));
            }
        }
        return columns.keySet().stream().filter(column -> !present.contains(column)).toList();
    }

    /** The state tables a file lacks, for a reader (which must not create them). */
    static Set<String> missingTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return missingTables(statement);
        }
    }

    private static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
