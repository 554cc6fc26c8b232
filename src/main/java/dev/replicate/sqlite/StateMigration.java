package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import dev.replicate.log.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Migrates the state of a file written by a release of state version 1, whose {@code _replicate_watermarks}
 * is keyed by (source, table), to version 2, keyed by the target: one source table may then feed several
 * targets, each with its own cursor. In place, on the first run of the new release, and in one transaction:
 * a new table is made, the rows copied into it with every column they have (cursor, first-sync progress,
 * counters, and columns added in place, also ones this release does not know), the old table dropped, the
 * new one renamed, and the state version set. A crash or a failure at any point leaves the version-1 file
 * exactly as it was, for the next run to try again. One-way: the release before refuses a version-2 file
 * ("written by a newer replicate; upgrade").
 *
 * <p>Version 1 kept a row per (source, table) and wrote the target into it on every run, so two rows can
 * name one target only when a configuration once moved that target from one table to another: the row of
 * the table the target left stays behind, naming it. Of such rows the one run most recently is kept, the
 * others dropped, with a note for that target. That is the table the configuration last copied into the
 * target; should the configuration now name another, the run finds the kept row's table differs and syncs
 * the target again from the start ({@code TableSync}), which is what version 1 did on such a change too.
 * A dropped row's cursor could only ever have been resumed into a target another table had written since.
 */
final class StateMigration {
    /** The first state version keyed by the target. */
    static final int TARGET_KEYED = 2;

    /** The new table while it is filled; a name no target can have (targets may not start with _replicate_). */
    static final String NEW_TABLE = "_replicate_watermarks_v2";

    private StateMigration() {
    }

    /**
     * Migrates the file if its state version is still below {@link #TARGET_KEYED}, checked again under the
     * write lock (another process may have migrated it meanwhile); the connection is in auto-commit mode.
     *
     * @return by target, what the migration did to its state that a run should tell (rows dropped)
     */
    static Map<String, String> migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                Map<String, String> notes = Map.of();
                int version = StateSchema.userVersion(statement);
                if (version < TARGET_KEYED) {
                    notes = migrate(connection, statement, version);
                }
                statement.execute("COMMIT");
                return notes;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(statement, e);
                throw e;
            }
        }
    }

    private static Map<String, String> migrate(Connection connection, Statement statement, int from)
            throws SQLException {
        Map<String, String> oldColumns = columns(statement, StateSchema.WATERMARKS_TABLE);
        Map<String, String> notes = dropSuperseded(connection, statement);

        statement.execute("DROP TABLE IF EXISTS " + NEW_TABLE);
        statement.execute(StateSchema.WATERMARKS.replace("IF NOT EXISTS " + StateSchema.WATERMARKS_TABLE, NEW_TABLE));
        StateSchema.addMissingWatermarkColumns(statement, NEW_TABLE);
        Set<String> newColumns = new java.util.HashSet<>();
        columns(statement, NEW_TABLE).keySet().forEach(name -> newColumns.add(SqliteSql.foldCase(name)));
        // A column the old table has and this release does not know (added in place by a later 1.x release)
        // is carried over all the same: nothing the file holds is lost.
        for (Map.Entry<String, String> column : oldColumns.entrySet()) {
            if (!newColumns.contains(SqliteSql.foldCase(column.getKey()))) {
                statement.execute("ALTER TABLE " + NEW_TABLE + " ADD COLUMN " + SqliteSql.quote(column.getKey())
                        + (column.getValue().isBlank() ? "" : " " + column.getValue()));
            }
        }
        String copied = String.join(", ", oldColumns.keySet().stream().map(SqliteSql::quote).toList());
        int rows = statement.executeUpdate("INSERT INTO " + NEW_TABLE + " (" + copied + ") SELECT " + copied
                + " FROM " + StateSchema.WATERMARKS_TABLE);
        statement.execute("DROP TABLE " + StateSchema.WATERMARKS_TABLE);
        statement.execute("ALTER TABLE " + NEW_TABLE + " RENAME TO " + StateSchema.WATERMARKS_TABLE);
        // The log stays as it is; made here if it was dropped by hand, given what was added to it.
        StateSchema.create(statement);
        statement.execute("PRAGMA user_version = " + TARGET_KEYED);
        Log.info("the state in the SQLite file was migrated from state version {} to {} (keyed by target):"
                + " {} carried over{}", from, TARGET_KEYED, Counted.of(rows, "table"),
                notes.isEmpty() ? "" : ", " + Counted.of(notes.size(), "target") + " had more than one row");
        return notes;
    }

    /**
     * Deletes, of the rows that name one target, all but the one run most recently (by last_run_ts, then
     * the one written last), inside the migration's transaction.
     *
     * @return by target, a note naming the rows kept and dropped
     */
    private static Map<String, String> dropSuperseded(Connection connection, Statement statement)
            throws SQLException {
        Map<String, List<Row>> byTarget = new TreeMap<>();
        try (ResultSet rs = statement.executeQuery("SELECT rowid, source, \"table\", target, last_run_ts, last_value"
                + " FROM " + StateSchema.WATERMARKS_TABLE)) {
            while (rs.next()) {
                Row row = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6));
                byTarget.computeIfAbsent(row.target, t -> new ArrayList<>()).add(row);
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        Comparator<Row> newestFirst = Comparator.comparing((Row r) -> r.lastRunTs == null ? "" : r.lastRunTs)
                .thenComparingLong(r -> r.rowid).reversed();
        for (Map.Entry<String, List<Row>> target : byTarget.entrySet()) {
            List<Row> rows = target.getValue();
            if (rows.size() < 2) {
                continue;
            }
            rows.sort(newestFirst);
            Row kept = rows.get(0);
            Set<String> dropped = new LinkedHashSet<>();
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + StateSchema.WATERMARKS_TABLE + " WHERE rowid = ?")) {
                for (Row row : rows.subList(1, rows.size())) {
                    delete.setLong(1, row.rowid);
                    delete.executeUpdate();
                    dropped.add(row.describe());
                }
            }
            String note = "the state was migrated to one row per target, and " + target.getKey() + " had "
                    + rows.size() + ": the state of " + kept.describe() + ", run most recently, was kept; that of "
                    + String.join(" and ", dropped) + " was dropped (a table the target was once copied from)";
            notes.put(target.getKey(), note);
            Log.info("{}: {}", target.getKey(), note);
        }
        return notes;
    }

    /** A version-1 state row, as far as the choice between rows of one target needs it. */
    private record Row(long rowid, String source, String table, String target, String lastRunTs, String lastValue) {
        String describe() {
            return "table " + table + " of source " + source + " (last run " + (lastRunTs == null ? "never" : lastRunTs)
                    + ", cursor " + (lastValue == null ? "none" : lastValue) + ")";
        }
    }

    /** The table's columns in order, each with its declared type. */
    private static Map<String, String> columns(Statement statement, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + SqliteSql.quote(table) + ")")) {
            while (rs.next()) {
                columns.put(rs.getString("name"), rs.getString("type"));
            }
        }
        return columns;
    }

    private static void rollbackQuietly(Statement statement, Exception cause) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException rollback) {
            // SQLite rolls some failures (a full disk) back itself; then there is no transaction to end.
            cause.addSuppressed(rollback);
        }
    }
}
