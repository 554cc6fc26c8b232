package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
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
              snapshot_after TEXT,
              snapshot_high TEXT,
              PRIMARY KEY (source, "table")
            )""";

    /**
     * Columns added since the first state version, with their types, for files an older release
     * created: version 2 added a first sync's snapshot progress (see {@link SnapshotProgress}).
     */
    private static final Map<String, String> ADDED_WATERMARK_COLUMNS = new LinkedHashMap<>();

    static {
        ADDED_WATERMARK_COLUMNS.put("snapshot_key_column", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_after", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_high", "TEXT");
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

    static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version = userVersion(statement);
            if (version > Replica.STATE_VERSION) {
                throw new SQLException("this SQLite file was written by a newer replicate (state version "
                        + version + "); upgrade replicate");
            }
            if (version == Replica.STATE_VERSION) {
                return;
            }
            statement.execute("BEGIN IMMEDIATE");
            statement.execute(WATERMARKS);
            addMissingColumns(statement, "_replicate_watermarks", ADDED_WATERMARK_COLUMNS);
            statement.execute(LOG);
            statement.execute("CREATE INDEX IF NOT EXISTS _replicate_log_ts ON _replicate_log (ts)");
            statement.execute("PRAGMA user_version = " + Replica.STATE_VERSION);
            statement.execute("COMMIT");
        }
    }

    private static void addMissingColumns(Statement statement, String table, Map<String, String> columns)
            throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                present.add(rs.getString("name"));
            }
        }
        for (Map.Entry<String, String> column : columns.entrySet()) {
            if (!present.contains(column.getKey())) {
                statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column.getKey() + " " + column.getValue());
            }
        }
    }

    static boolean exists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE name IN ('_replicate_watermarks', '_replicate_log')")) {
            return rs.next() && rs.getInt(1) == 2;
        }
    }

    private static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
