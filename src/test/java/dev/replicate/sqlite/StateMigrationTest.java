package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration of the state from version 1 (keyed by source and table) to version 2 (keyed by target),
 * on files built by hand as the releases of version 1 wrote them: with and without the columns added in
 * place, with two rows naming one target, and failing half-way. (Files written by that release itself:
 * StateMigrationScenarios.)
 */
class StateMigrationTest {
    @TempDir
    Path dir;

    private static final String ROW = "INSERT INTO _replicate_watermarks (source, \"table\", target, watermark_column,"
            + " watermark_type, last_value, last_run_ts, last_success_ts, last_ok, last_error, last_rows_pulled,"
            + " consecutive_failures, source_newest_value) VALUES ";

    /** A version-1 file: the first release's tables, then these statements. */
    private Path versionOne(String name, String... statements) throws Exception {
        Path file = dir.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
            statement.execute(StateSchemaTest.VERSION_1_WATERMARKS);
            statement.execute(StateSchemaTest.VERSION_1_LOG);
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = 1");
            statement.execute("COMMIT");
        }
        return file;
    }

    /** Every row of the state table, every column as text, by target then source. */
    private static List<List<String>> rows(Path file, String columns) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + columns + " FROM _replicate_watermarks"
                     + " ORDER BY target, source")) {
            List<List<String>> rows = new ArrayList<>();
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static String single(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String key(Path file) throws SQLException {
        return single(file, "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('_replicate_watermarks')"
                + " WHERE pk > 0 ORDER BY pk)");
    }

    private static final String V1_COLUMNS = "source, \"table\", target, watermark_column, watermark_type, last_value,"
            + " last_run_ts, last_success_ts, last_ok, last_error, last_rows_pulled, consecutive_failures,"
            + " source_newest_value";

    /** The first release's file, before any column was added: every value kept, the added columns made empty. */
    @Test
    void aFileWithoutTheAddedColumnsKeepsEveryValueAndGainsThem() throws Exception {
        Path file = versionOne("plain.db",
                ROW + "('pg', 'public.orders', 'orders', 'updated_at', 'TIMESTAMP', '2024-01-01T00:00:01',"
                        + " '2024-02-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', 1, NULL, 12, 0, '2024-01-01T00:00:02')",
                ROW + "('pg', 'public.items', 'items', 'id', 'INTEGER', '42', '2024-02-01T00:01:00.000Z',"
                        + " '2024-01-31T00:00:00.000Z', 0, 'the source went away', 0, 3, NULL)");
        List<List<String>> before = rows(file, V1_COLUMNS);

        try (Replica replica = Replica.openForWriting(file)) {
            assertEquals(Optional.empty(), replica.migrationNote("orders"));
        }
        assertEquals("2", single(file, "PRAGMA user_version"));
        assertEquals("target", key(file));
        assertEquals(before, rows(file, V1_COLUMNS), "every value carried over");
        assertEquals(List.of(List.of("", "", "", "", "", ""), List.of("", "", "", "", "", "")),
                rows(file, "coalesce(snapshot_key_column, ''), coalesce(snapshot_key_type, ''),"
                        + " coalesce(snapshot_after, ''), coalesce(snapshot_below, ''), coalesce(last_rows_reread, ''),"
                        + " coalesce(last_rows_deleted, '')"), "the added columns, empty");
        assertEquals(null, single(file, "SELECT name FROM sqlite_master WHERE name = '" + StateMigration.NEW_TABLE + "'"));
    }

    /**
     * A file that has the added columns, with a first sync under way, and a column this release does not
     * know (added in place by a later release of version 1): all of them carried over with their values.
     */
    @Test
    void aFileWithAddedColumnsCarriesThemAllOverIncludingOnesThisReleaseDoesNotKnow() throws Exception {
        Path file = versionOne("added.db",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_key_column TEXT",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_key_type TEXT",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_after TEXT",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_below TEXT",
                "ALTER TABLE _replicate_watermarks ADD COLUMN last_rows_reread INTEGER",
                "ALTER TABLE _replicate_watermarks ADD COLUMN some_later_column TEXT",
                ROW + "('pg', 'public.orders', 'orders', 'updated_at', 'TIMESTAMP', NULL,"
                        + " '2024-02-01T00:00:00.000Z', NULL, 0, 'interrupted', 300, 1, NULL)",
                "UPDATE _replicate_watermarks SET snapshot_key_column = 'id', snapshot_key_type = 'INTEGER',"
                        + " snapshot_after = '300', snapshot_below = '2024-01-05T00:00', last_rows_reread = 7,"
                        + " some_later_column = 'kept'");
        String columns = V1_COLUMNS + ", snapshot_key_column, snapshot_key_type, snapshot_after, snapshot_below,"
                + " last_rows_reread, some_later_column";
        List<List<String>> before = rows(file, columns);

        try (Replica replica = Replica.openForWriting(file)) {
            TableState state = new StateStore(replica).all().get(0);
            assertEquals(Optional.of(new SnapshotProgress("id", "INTEGER", "300", "2024-01-05T00:00")), state.snapshot());
            assertEquals(Optional.empty(), state.lastValue());
            assertEquals(7, state.lastRowsReread());
            assertEquals(1, state.consecutiveFailures());
        }
        assertEquals("2", single(file, "PRAGMA user_version"));
        assertEquals("target", key(file));
        assertEquals(before, rows(file, columns));
        assertEquals("1", single(file, "SELECT count(*) FROM pragma_table_info('_replicate_watermarks')"
                + " WHERE name = 'last_rows_deleted' AND type = 'INTEGER'"), "the column added since is there");
    }

    /**
     * The releases of 2026-11-25 from 62ed84e to 0f357f2 kept a first sync's progress without its key type
     * (snapshot_key_type came with 0fc1d4b); the row is the one the real build of 13301c0 left, stopped by
     * SIGTERM part-way through a first sync at pageSize 1. Status on that file, before any run of this release,
     * failed with an internal error (exit 70, "no such column: 'snapshot_key_type'").
     */
    @Test
    void aFirstSyncUnderWayKeptWithoutItsKeyTypeIsReadUnmigratedAndCarriedOver() throws Exception {
        Path file = versionOne("no-key-type.db",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_key_column TEXT",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_after TEXT",
                "ALTER TABLE _replicate_watermarks ADD COLUMN snapshot_below TEXT",
                ROW + "('postgres://127.0.0.1:5432/shop', 'upg_big', 'big', 'updated_at', 'TIMESTAMP', NULL,"
                        + " '2026-12-07T07:12:43.425Z', NULL, NULL, NULL, NULL, 0, NULL)",
                "UPDATE _replicate_watermarks SET snapshot_key_column = 'id', snapshot_after = '18345',"
                        + " snapshot_below = '2024-03-02T03:46:40'");
        SnapshotProgress progress = new SnapshotProgress("id", null, "18345", "2024-03-02T03:46:40");

        try (Replica replica = Replica.openForReading(file)) {
            assertEquals(Optional.of(progress), new StateStore(replica).all().get(0).snapshot(), "status reads it");
        }
        try (Replica replica = Replica.openForWriting(file)) {
            assertEquals(Optional.of(progress), new StateStore(replica).all().get(0).snapshot());
        }
        assertEquals("2", single(file, "PRAGMA user_version"));
    }

    /**
     * Two version-1 rows can name one target when the configuration moved the target from one table to
     * another: the one run most recently is kept, and the note for that target names both.
     */
    @Test
    void ofTwoRowsNamingOneTargetTheOneRunMostRecentlyIsKeptWithANote() throws Exception {
        Path file = versionOne("moved.db",
                ROW + "('pg', 'public.orders_old', 'orders', 'updated_at', 'TIMESTAMP', '2023-06-01T00:00',"
                        + " '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 1, NULL, 5, 0, NULL)",
                ROW + "('pg', 'public.orders_new', 'orders', 'updated_at', 'TIMESTAMP', '2024-03-01T00:00',"
                        + " '2024-03-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 1, NULL, 8, 0, NULL)",
                ROW + "('pg', 'public.items', 'items', 'id', 'INTEGER', '9', '2023-01-01T00:00:00.000Z', NULL, 1, NULL,"
                        + " 1, 0, NULL)");

        try (Replica replica = Replica.openForReading(file)) {
            assertEquals("public.orders_new", new StateStore(replica).byTable().get("orders").table(),
                    "status, reading the file unmigrated, takes the row the migration keeps");
        }
        assertEquals("1", single(file, "PRAGMA user_version"), "a reader does not migrate");
        try (Replica replica = Replica.openForWriting(file)) {
            String note = replica.migrationNote("orders").orElseThrow();
            assertTrue(note.contains("the state of table public.orders_new of source pg (last run"
                    + " 2024-03-01T00:00:00.000Z, cursor 2024-03-01T00:00), run most recently, was kept")
                    && note.contains("that of table public.orders_old of source pg (last run 2024-01-01T00:00:00.000Z,"
                    + " cursor 2023-06-01T00:00) was dropped"), note);
            assertEquals(Optional.empty(), replica.migrationNote("items"));
        }
        assertEquals(List.of(List.of("pg", "public.items", "items", "9"), List.of("pg", "public.orders_new", "orders",
                "2024-03-01T00:00")), rows(file, "source, \"table\", target, last_value"));
    }

    /**
     * The migration is one transaction: a failure half-way (here the disk full, by a page limit set on
     * the connection, after the superseded row was deleted and the new table made) leaves the version-1
     * file exactly as it was, and the next open migrates it whole.
     */
    @Test
    void aFailureHalfWayLeavesTheVersionOneFileAsItWas() throws Exception {
        List<String> statements = new ArrayList<>();
        statements.add(ROW + "('pg', 'public.orders_old', 'orders', 'updated_at', 'TIMESTAMP', '2023-06-01T00:00',"
                + " '2024-01-01T00:00:00.000Z', NULL, 1, NULL, 5, 0, NULL)");
        for (int i = 0; i < 300; i++) {
            statements.add(ROW + "('pg', 'public.t" + i + "', 't" + i + "', 'updated_at', 'TIMESTAMP',"
                    + " '2024-01-01T00:00', '2024-03-01T00:00:00.000Z', NULL, 0, '" + "e".repeat(200) + "', 0, 1, NULL)");
        }
        statements.add(ROW + "('pg', 'public.orders_new', 'orders', 'updated_at', 'TIMESTAMP', '2024-03-01T00:00',"
                + " '2024-03-01T00:00:00.000Z', NULL, 1, NULL, 8, 0, NULL)");
        Path file = versionOne("full.db", statements.toArray(String[]::new));
        List<List<String>> before = rows(file, V1_COLUMNS);
        byte[] bytes = Files.readAllBytes(file);

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            int pages = Integer.parseInt(single(file, "PRAGMA page_count"));
            // Room for the new table, not for the rows copied into it.
            statement.execute("PRAGMA max_page_count = " + (pages + 3));
            SQLException e = assertThrows(SQLException.class, () -> StateSchema.ensure(connection));
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            assertTrue(connection.getAutoCommit());
        }
        assertEquals("1", single(file, "PRAGMA user_version"));
        assertEquals("source, table", key(file));
        assertEquals(before, rows(file, V1_COLUMNS), "the superseded row deleted in the transaction is back");
        assertEquals(null, single(file, "SELECT name FROM sqlite_master WHERE name = '" + StateMigration.NEW_TABLE + "'"));
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)), "not a byte of the file changed");

        try (Replica replica = Replica.openForWriting(file)) {
            assertTrue(replica.migrationNote("orders").isPresent());
        }
        assertEquals("2", single(file, "PRAGMA user_version"));
        assertEquals(301, rows(file, V1_COLUMNS).size());
    }

    /** The release before refuses a version-2 file; this release refuses one a later release wrote, the same way. */
    @Test
    void aFileOfALaterStateVersionIsRefusedWithoutAWrite() throws Exception {
        Path file = versionOne("later.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 3");
        }
        ReplicaException e = assertThrows(ReplicaException.class, () -> Replica.openForWriting(file));
        assertTrue(e.getMessage().contains("written by a newer replicate (state version 3); upgrade replicate"),
                e.getMessage());
        assertEquals("3", single(file, "PRAGMA user_version"));
        assertFalse(key(file).equals("target"));
    }
}
