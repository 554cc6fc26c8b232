package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written by an earlier release keeps its state and gains what the current one stores. */
class StateSchemaTest {
    @TempDir
    Path dir;

    /** The state table as the first release (state version 1) created it. */
    static final String VERSION_1_WATERMARKS = """
            CREATE TABLE _replicate_watermarks (
              source TEXT NOT NULL, "table" TEXT NOT NULL, target TEXT NOT NULL, watermark_column TEXT NOT NULL,
              watermark_type TEXT, last_value TEXT, last_run_ts TEXT, last_success_ts TEXT, last_ok INTEGER,
              last_error TEXT, last_rows_pulled INTEGER, consecutive_failures INTEGER NOT NULL DEFAULT 0,
              source_newest_value TEXT, PRIMARY KEY (source, "table"))""";

    /** The log as the first release created it, before rows_deleted. */
    static final String VERSION_1_LOG = """
            CREATE TABLE _replicate_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, started_ts TEXT NOT NULL, source TEXT NOT NULL,
              "table" TEXT NOT NULL, target TEXT NOT NULL, rows_pulled INTEGER NOT NULL, ok INTEGER NOT NULL,
              error TEXT, notes TEXT, duration_ms INTEGER NOT NULL)""";

    /** A file with the first release's state tables, these statements run on it, at this state version. */
    private Path olderFile(String name, int version, String... statements) throws Exception {
        Path file = dir.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(VERSION_1_WATERMARKS);
            statement.execute(VERSION_1_LOG);
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = " + version);
        }
        return file;
    }

    /**
     * The counts of soft deletes are added in place: the file's old log rows say 0 (that release never
     * deleted), and a reader of an unmigrated file reads 0.
     */
    @Test
    void theDeletionCountsAreAddedInPlaceToAnOlderFile() throws Exception {
        Path file = olderFile("older.db", 1,
                "INSERT INTO _replicate_watermarks (source, \"table\", target, watermark_column, last_rows_pulled)"
                        + " VALUES ('pg', 'public.orders', 'orders', 'updated_at', 3)",
                "INSERT INTO _replicate_log (ts, started_ts, source, \"table\", target, rows_pulled, ok, duration_ms)"
                        + " VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'pg', 'public.orders', 'orders', 3, 1, 5)");
        try (Replica replica = Replica.openForReading(file)) {
            assertEquals(0, new StateStore(replica).all().get(0).lastRowsDeleted(), "status reads an unmigrated file");
            assertEquals(0, new RunLog(replica).recent(1).get(0).rowsDeleted());
        }
        TableId id = new TableId("pg", "public.orders", "orders");
        try (Replica replica = Replica.openForWriting(file)) {
            assertEquals(0, new RunLog(replica).recent(1).get(0).rowsDeleted(), "the old row says 0");
            new StateStore(replica).recordOutcome(id, "updated_at", java.time.Instant.EPOCH, true, null, 9, 0, 4,
                    Optional.empty());
            new RunLog(replica).append(id, java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1), 9,
                    OptionalLong.of(5), 4, true, null, null);
            replica.commit();
            assertEquals(4, new StateStore(replica).all().get(0).lastRowsDeleted());
            assertEquals(4, new RunLog(replica).recent(1).get(0).rowsDeleted());
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                assertTrue(rs.next());
                assertEquals(Replica.STATE_VERSION, rs.getInt(1), "migrated to the target-keyed state");
            }
        }
    }

    /**
     * The types the rows were read under (row_value_types) are added in place to a file an earlier release
     * wrote, empty: nothing is known of them, so no table is synced again for them; they are recorded from
     * the next run on.
     */
    @Test
    void theReadTypesAreAddedInPlaceEmpty() throws Exception {
        Path file = olderFile("older-types.db", 1,
                "INSERT INTO _replicate_watermarks (source, \"table\", target, watermark_column, watermark_type, last_value)"
                        + " VALUES ('pg', 'public.orders', 'orders', 'updated_at', 'TIMESTAMP', '2024-01-01T00:00')");
        try (Replica replica = Replica.openForWriting(file)) {
            StateStore state = new StateStore(replica);
            assertEquals(Optional.empty(), state.rowValueTypes("orders"));
            assertEquals(Optional.of("2024-01-01T00:00"), state.all().get(0).lastValue(), "the cursor stays");
            assertTrue(state.recordRowValueTypes("orders", "numeric(10,2)\tid"));
            replica.commit();
            assertEquals(Optional.of("numeric(10,2)\tid"), state.rowValueTypes("orders"));
        }
    }

    /**
     * The count of rows changed is added to the log in place, at the current state version (the release
     * before can still run the file: it names the columns it writes, and leaves this one NULL). A row
     * written without it says "not counted", not 0: that run did write the rows it read.
     */
    @Test
    void theChangedCountIsAddedInPlaceAndRowsWithoutItSayNotCounted() throws Exception {
        Path file = olderFile("no-changed.db", Replica.STATE_VERSION,
                "DROP TABLE _replicate_watermarks",
                StateSchema.WATERMARKS,
                "ALTER TABLE _replicate_log ADD COLUMN rows_deleted INTEGER NOT NULL DEFAULT 0",
                "INSERT INTO _replicate_log (ts, started_ts, source, \"table\", target, rows_pulled, ok, duration_ms)"
                        + " VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'pg', 'public.orders', 'orders', 3, 1, 5)");
        try (Replica replica = Replica.openForReading(file)) {
            assertEquals(OptionalLong.empty(), new RunLog(replica).recent(1).get(0).rowsChanged(), "status reads the file as it is");
        }
        TableId id = new TableId("pg", "public.orders", "orders");
        try (Replica replica = Replica.openForWriting(file)) {
            RunLog log = new RunLog(replica);
            assertEquals(OptionalLong.empty(), log.recent(1).get(0).rowsChanged(), "the old row was not counted");
            // As the release before writes its rows: without the column.
            try (Statement statement = replica.connection().createStatement()) {
                statement.execute("INSERT INTO _replicate_log (ts, started_ts, source, \"table\", target, rows_pulled,"
                        + " ok, error, notes, duration_ms, rows_deleted) VALUES ('2024-01-01T00:00:01Z',"
                        + " '2024-01-01T00:00:01Z', 'pg', 'public.orders', 'orders', 7, 1, NULL, NULL, 5, 0)");
            }
            log.append(id, java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1), 9, OptionalLong.of(0), 0,
                    true, null, null);
            replica.commit();
            assertEquals(List.of(OptionalLong.of(0), OptionalLong.empty(), OptionalLong.empty()),
                    log.recent(3).stream().map(RunLog.Entry::rowsChanged).toList());
        }
    }

    /**
     * The kind of a log row is added in place, at the current state version: the rows of the file (and
     * those the release before goes on writing, without the column) are runs; a repair's row is told
     * apart, and the last run per table is a run's row, not the repair's written after it.
     */
    @Test
    void theKindIsAddedInPlaceAndARepairIsNoRun() throws Exception {
        Path file = olderFile("no-kind.db", Replica.STATE_VERSION,
                "DROP TABLE _replicate_watermarks",
                StateSchema.WATERMARKS,
                "ALTER TABLE _replicate_log ADD COLUMN rows_deleted INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE _replicate_log ADD COLUMN rows_changed INTEGER",
                "INSERT INTO _replicate_log (ts, started_ts, source, \"table\", target, rows_pulled, ok, duration_ms)"
                        + " VALUES ('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'pg', 'public.orders', 'orders', 3, 1, 5)");
        try (Replica replica = Replica.openForReading(file)) {
            RunLog log = new RunLog(replica);
            assertEquals(Optional.empty(), log.recent(1).get(0).kind(), "status reads the file as it is");
            assertEquals(3, log.latestPerTable().get(0).rowsPulled());
        }
        TableId id = new TableId("pg", "public.orders", "orders");
        try (Replica replica = Replica.openForWriting(file)) {
            RunLog log = new RunLog(replica);
            log.appendRepair(id, java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(1), 7, 1, true, null,
                    "repaired");
            replica.commit();
            assertEquals(List.of(Optional.of(RunLog.REPAIR), Optional.empty()),
                    log.recent(2).stream().map(RunLog.Entry::kind).toList());
            assertEquals(List.of(3L), log.latestPerTable().stream().map(RunLog.Entry::rowsPulled).toList(),
                    "the last run is the run's row");
        }
    }

    @Test
    void aVersionOneFileIsMigratedInPlaceAndKeepsItsCursors() throws Exception {
        Path file = olderFile("old.db", 1, "INSERT INTO _replicate_watermarks (source, \"table\", target,"
                + " watermark_column, watermark_type, last_value) VALUES ('pg', 'public.orders', 'orders', 'updated_at',"
                + " 'TIMESTAMP', '2024-01-01T00:00:01')");

        try (Replica replica = Replica.openForReading(file)) {
            TableState before = new StateStore(replica).all().get(0);
            assertEquals(Optional.of("2024-01-01T00:00:01"), before.lastValue(), "status reads an unmigrated file");
            assertEquals(Optional.empty(), before.snapshot());
        }
        try (Replica replica = Replica.openForWriting(file)) {
            TableState state = new StateStore(replica).all().get(0);
            assertEquals(Optional.of("2024-01-01T00:00:01"), state.lastValue());
            assertEquals(Optional.empty(), state.snapshot());
            new StateStore(replica).snapshotProgress(new TableId("pg", "public.orders", "orders"), "updated_at", "TIMESTAMP",
                    new SnapshotProgress("id", "INTEGER", "42", "2024-01-02T00:00:00"), java.time.Instant.EPOCH);
            replica.commit();
            assertEquals(Optional.of(new SnapshotProgress("id", "INTEGER", "42", "2024-01-02T00:00:00")),
                    new StateStore(replica).all().get(0).snapshot());
            assertEquals(Optional.empty(), new StateStore(replica).all().get(0).lastValue(),
                    "a snapshot under way has no cursor");
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                assertTrue(rs.next());
                assertEquals(Replica.STATE_VERSION, rs.getInt(1));
            }
        }
    }

    /**
     * A file of the user's with a table of its own under a state table's name (before any run, so
     * without replicate's state version): refused before anything is added to it.
     */
    @Test
    void aHandMadeStateTableIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("mine.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE _replicate_watermarks (x)");
            statement.execute("INSERT INTO _replicate_watermarks VALUES (1)");
        }
        ReplicaException writing = assertThrows(ReplicaException.class, () -> Replica.openForWriting(file));
        assertTrue(writing.getMessage().startsWith("the state table _replicate_watermarks in " + file
                + " is not the one replicate makes: it lacks the columns source, table, target"), writing.getMessage());
        ReplicaException reading = assertThrows(ReplicaException.class, () -> Replica.openForReading(file));
        assertEquals(writing.getMessage(), reading.getMessage());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM pragma_table_info('_replicate_watermarks')),"
                     + " (SELECT count(*) FROM sqlite_master), (SELECT user_version FROM pragma_user_version)")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "no column added");
            assertEquals(1, rs.getInt(2), "no table made");
            assertEquals(0, rs.getInt(3), "no state version set");
        }
    }

    /** Every column there, but not keyed by the target: each run's upsert would fail on it. */
    @Test
    void aWatermarkTableWithoutItsKeyIsRefused() throws Exception {
        Path file = dir.resolve("unkeyed.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(StateSchema.WATERMARKS.replace(",\n  PRIMARY KEY (target)", ""));
            statement.execute(StateSchema.LOG);
            statement.execute("PRAGMA user_version = " + Replica.STATE_VERSION);
        }
        ReplicaException e = assertThrows(ReplicaException.class, () -> Replica.openForWriting(file));
        assertTrue(e.getMessage().contains("its primary key is not (target)")
                && e.getMessage().contains("sqlite3 " + file + " 'DROP TABLE _replicate_watermarks'"), e.getMessage());
    }

}
