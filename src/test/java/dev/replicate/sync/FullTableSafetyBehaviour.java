package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a full table must not do silently, on every source type: keep one of two rows that share a
 * configured key that is not one, leave a view of the user's broken by its swap, or leave the copy of
 * a table no longer configured in the file forever; and what validate-config --connect says about a
 * key or watermark column the source does not have.
 */
public abstract class FullTableSafetyBehaviour extends SourceScenarios {
    protected FullTableSafetyBehaviour() {
        super("fsafe_");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** {@code id, name, val} without a key at the source, rows 1..rows named "row N". */
    private void createTable(int rows) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL, name VARCHAR(100), val VARCHAR(100))");
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (id, name, val) VALUES ");
        for (int id = 1; id <= rows; id++) {
            sql.append(id == 1 ? "" : ", ").append("(").append(id).append(", 'row ").append(id).append("', 'v")
                    .append(id).append("')");
        }
        db.execute(sql.toString());
    }

    private List<String> rows(String target) {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : ReplicaReader.query(replicaPath(), "SELECT id, name FROM \"" + target + "\"")) {
            rows.add(row.get(0) + "|" + row.get(1));
        }
        Collections.sort(rows);
        return rows;
    }

    private List<String> tables() {
        return ReplicaReader.query(replicaPath(), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .stream().map(r -> (String) r.get(0)).toList();
    }

    private List<String> columnsOf(String target) {
        return ReplicaReader.query(replicaPath(), "SELECT name FROM pragma_table_info('" + target + "') ORDER BY cid")
                .stream().map(r -> (String) r.get(0)).toList();
    }

    // --- a configured key that is not unique ---------------------------------------------------

    /**
     * Three source rows share the configured key: the copy would keep one of them. The table fails
     * with the key, the target and the way out; the old rows and the state stay, the copy is dropped;
     * {@code "primaryKey": []} then keeps every row.
     */
    @Test
    void aConfiguredKeyThatIsNotUniqueAtTheSourceFailsTheFullTable() {
        createTable(1000);
        Path byName = config(entry("\"target\": \"lk_" + table + "\", \"primaryKey\": \"name\", \"pageSize\": 100"));
        String target = "lk_" + table;
        runOk(byName);
        assertEquals(1000, rows(target).size());
        List<Object> stateBefore = ReplicaReader.query(replicaPath(), "SELECT watermark_column, last_value, last_success_ts FROM"
                + " _replicate_watermarks WHERE target = '" + target + "'").get(0);

        db.execute("UPDATE " + q(table) + " SET name = 'same' WHERE id IN (5, 500, 999)");
        CliRun failed = run(byName);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the primary key (name) configured for " + target
                + " ($[0].tables[0].primaryKey) is not unique at the source"), failed.err);
        assertTrue(failed.err.contains("fix \"primaryKey\", or set it to [] to keep every row"), failed.err);
        assertEquals(1000, rows(target).size(), "the old rows stay");
        assertTrue(rows(target).contains("5|row 5"), "the old rows stay as they were");
        assertFalse(tables().contains("_replicate_shadow_" + target), "the copy is dropped");
        assertEquals(stateBefore, ReplicaReader.query(replicaPath(), "SELECT watermark_column, last_value, last_success_ts FROM"
                + " _replicate_watermarks WHERE target = '" + target + "'").get(0), "the state stays");
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT ok FROM _replicate_log ORDER BY id DESC LIMIT 1"));
        // The pages of the dropped copy were kept nowhere: status, the log and the state count none of them
        // (they said 900, the copy's committed pages, beside "Nothing was changed").
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT rows_pulled FROM _replicate_log ORDER BY id DESC LIMIT 1"));
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT last_rows_pulled FROM _replicate_watermarks"
                + " WHERE target = '" + target + "'"));
        CliRun status = CliRun.on(dir, "status", byName, replicaPath(), "--json");
        assertEquals(1, status.status, status::toString);
        assertEquals(0, com.google.gson.JsonParser.parseString(status.out).getAsJsonArray().get(0).getAsJsonObject()
                .get("rowsPulled").getAsLong(), status.out);

        runOk(config(entry("\"target\": \"lk_" + table + "\", \"primaryKey\": [], \"pageSize\": 100")));
        assertEquals(1000, rows(target).size());
        assertEquals(3, rows(target).stream().filter(r -> r.endsWith("|same")).count());
    }

    /** The same on a first load (nothing to keep: no table is made) and through a full query entry. */
    @Test
    void aQueryEntrysKeyThatIsNotUniqueFailsItsFirstLoadAndNothingIsMade() {
        createTable(20);
        db.execute("UPDATE " + q(table) + " SET name = 'same' WHERE id IN (2, 3)");
        String target = "qk_" + table;
        CliRun failed = run(config(entry(""), "{\"query\": " + new Gson().toJson("SELECT id, name FROM " + q(table))
                + ", \"target\": \"" + target + "\", \"primaryKey\": \"name\"}"));
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the primary key (name) configured for " + target
                + " ($[0].tables[1].primaryKey) is not unique at the source"), failed.err);
        assertFalse(tables().contains(target));
        assertFalse(tables().contains("_replicate_shadow_" + target));
        assertEquals(20, rows(table).size(), "the other entry ran");
    }

    /** The same through sqlite-jdbc's JDBC layer (-Dreplicate.sqlite.direct=false), whose batch reports the conflict its own way. */
    @Test
    void theKeyConflictIsFoundOnTheJdbcWritePathToo() {
        createTable(50);
        db.execute("UPDATE " + q(table) + " SET name = 'same' WHERE id IN (7, 8)");
        String previous = System.getProperty("replicate.sqlite.direct");
        System.setProperty("replicate.sqlite.direct", "false");
        try {
            CliRun failed = run(config(entry("\"primaryKey\": \"name\"")));
            assertEquals(1, failed.status, failed::toString);
            assertTrue(failed.err.contains("the primary key (name) configured for " + table
                    + " ($[0].tables[0].primaryKey) is not unique at the source"), failed.err);
        } finally {
            if (previous == null) {
                System.clearProperty("replicate.sqlite.direct");
            } else {
                System.setProperty("replicate.sqlite.direct", previous);
            }
        }
        assertFalse(tables().contains(table));
    }

    // --- views and triggers the swap would break -----------------------------------------------

    /**
     * A view of the user's that selects a column excluded later: the swap would leave it failing with
     * "no such column". The table fails instead, naming the view; the old table stays, the view works.
     */
    @Test
    void aViewOfTheUsersThatTheSwapWouldBreakFailsTheTableAndTheOldTableStays() throws SQLException {
        createTable(10);
        runOk(config(entry("")));
        ReplicaReader.edit(replicaPath(), "CREATE VIEW lv AS SELECT val FROM \"" + table + "\"",
                "CREATE VIEW unrelated_broken AS SELECT * FROM no_such_table");
        CliRun failed = run(config(entry("\"excludeColumns\": [\"val\"]")));
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the view lv, made by hand, no longer works with the new rows of " + table),
                failed.err);
        assertTrue(failed.err.contains("DROP VIEW"), failed.err);
        assertEquals(List.of("id", "name", "val"), columnsOf(table), "the old table stays");
        assertEquals(10, ReplicaReader.query(replicaPath(), "SELECT * FROM lv").size());
        assertFalse(tables().contains("_replicate_shadow_" + table));

        // A view that was broken before the swap does not hold it up; one that fits does not either.
        ReplicaReader.edit(replicaPath(), "DROP VIEW lv", "CREATE VIEW lv AS SELECT id, name FROM \"" + table + "\"");
        runOk(config(entry("\"excludeColumns\": [\"val\"]")));
        assertEquals(List.of("id", "name"), columnsOf(table));
        assertEquals(10, ReplicaReader.query(replicaPath(), "SELECT * FROM lv").size());
    }

    /** A trigger of the user's whose body names an excluded column: the same, naming the trigger's table. */
    @Test
    void aTriggerOfTheUsersThatTheSwapWouldBreakFailsTheTable() throws SQLException {
        createTable(10);
        runOk(config(entry("")));
        ReplicaReader.edit(replicaPath(), "CREATE TABLE audit (v TEXT)",
                "CREATE TRIGGER keep_val AFTER UPDATE ON \"" + table + "\" BEGIN INSERT INTO audit VALUES (new.val); END",
                "CREATE TRIGGER copy_val AFTER INSERT ON audit BEGIN UPDATE audit SET v = (SELECT max(val) FROM \""
                        + table + "\") WHERE 0; END");
        CliRun failed = run(config(entry("\"excludeColumns\": [\"val\"]")));
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("made by hand, no longer work"), failed.err);
        assertTrue(failed.err.contains("keep_val") || failed.err.contains("copy_val"), failed.err);
        assertEquals(List.of("id", "name", "val"), columnsOf(table), "the old table stays");
        assertFalse(tables().contains("_replicate_shadow_" + table));
    }

    // --- copies of tables no longer configured -------------------------------------------------

    /**
     * A copy left by a killed run of a full table that is no longer configured (removed, renamed, made
     * incremental) is dropped at the start of the next run, with a note; the copy of a configured full
     * table stays for that table's own run, and a table of the user's is never touched.
     */
    @Test
    void aLeftoverCopyOfATargetNoLongerConfiguredIsDroppedByTheNextRun() throws SQLException {
        createTable(5);
        db.execute("CREATE TABLE " + q(table + "_inc") + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL)", "INSERT INTO " + q(table + "_inc") + " VALUES (1, " + db.timestampLiteral("2024-01-01 00:00:00")
                + ")");
        String other = "other_" + table;
        Path config = config(entry(""), "{\"name\": \"" + table + "\", \"target\": \"" + other + "\"}",
                "{\"name\": \"" + table + "_inc\", \"watermark\": \"updated_at\"}");
        runOk(config, table);
        ReplicaReader.edit(replicaPath(),
                "CREATE TABLE \"_replicate_shadow_gone\" (id INTEGER)", "INSERT INTO \"_replicate_shadow_gone\" VALUES (1)",
                "CREATE TABLE \"_replicate_shadow_" + table + "_inc\" (id INTEGER)",
                "CREATE TABLE \"_replicate_shadow_" + other.toUpperCase() + "\" (id INTEGER)",
                "CREATE TABLE \"replicate_shadow_mine\" (id INTEGER)");

        // Only the first entry runs: the copy of the second, a configured full table, is its own run's.
        CliRun next = runOk(config, "-v", table);
        assertFalse(tables().contains("_replicate_shadow_gone"), tables().toString());
        assertFalse(tables().contains("_replicate_shadow_" + table + "_inc"), tables().toString());
        assertTrue(tables().contains("_replicate_shadow_" + other.toUpperCase()), tables().toString());
        assertTrue(tables().contains("replicate_shadow_mine"), tables().toString());
        assertTrue(next.err.contains("dropped _replicate_shadow_gone, the partial copy of a full table that is no longer"
                + " configured"), next::toString);
        assertEquals(5, rows(table).size());
    }

    /**
     * The copy left by a full table's interrupted run, the table since made incremental (a target still
     * configured), was dropped with an info line on stderr only: the log, which status and a user read, never
     * said so. The drop goes on the target's next log row, as a target respelt at the run's start does; also
     * for a target that has no state yet (it was never recorded as a full table, nor ran as an incremental one).
     */
    @Test
    void theDropOfTheCopyOfATableMadeIncrementalIsNotedInItsLog() throws SQLException {
        createTable(5);
        db.execute("CREATE TABLE " + q(table + "_inc") + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL)", "INSERT INTO " + q(table + "_inc") + " VALUES (1, " + db.timestampLiteral("2024-01-01 00:00:00")
                + ")");
        String fresh = table + "_fresh";
        Path config = config(entry(""), "{\"name\": \"" + table + "_inc\", \"watermark\": \"updated_at\"}",
                "{\"name\": \"" + table + "_inc\", \"target\": \"" + fresh + "\", \"watermark\": \"updated_at\"}");
        runOk(config, table, table + "_inc");
        ReplicaReader.edit(replicaPath(),
                "CREATE TABLE \"_replicate_shadow_" + table + "_inc\" (id INTEGER)",
                "CREATE TABLE \"_replicate_shadow_" + fresh + "\" (id INTEGER)");

        // Only the first entry runs: the note waits for each target's own next row.
        runOk(config, table);
        assertFalse(tables().contains("_replicate_shadow_" + table + "_inc"), tables().toString());
        assertFalse(tables().contains("_replicate_shadow_" + fresh), tables().toString());
        runOk(config, table + "_inc", fresh);
        for (String target : List.of(table + "_inc", fresh)) {
            String notes = String.valueOf(ReplicaReader.single(replicaPath(), "SELECT notes FROM _replicate_log"
                    + " WHERE target = '" + target + "' ORDER BY id DESC LIMIT 1"));
            assertTrue(notes.contains(droppedNote(target)), target + ": " + notes);
            assertEquals(1, droppedNotes(target), target + ": said once, in all its log");
        }
        assertEquals(1L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM _replicate_log WHERE target = '"
                + fresh + "'"), "one row: the run's, which carries the note");
        assertEquals(1L, ReplicaReader.count(replicaPath(), fresh), "and the table synced as any first sync does");
    }

    /**
     * An incremental table {@code target} at the source, synced once, and beside it in the replica the partial
     * copy an interrupted full run of a table of that name would have left: the configuration of it alone.
     */
    private Path syncedWithALeftoverCopy(String target) throws Exception {
        db.execute("CREATE TABLE " + q(target) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL)", "INSERT INTO " + q(target) + " VALUES (1, " + db.timestampLiteral("2024-01-01 00:00:00")
                + ")");
        Path config = config("{\"name\": \"" + target + "\", \"watermark\": \"updated_at\"}");
        runOk(config);
        ReplicaReader.edit(replicaPath(), "CREATE TABLE \"_replicate_shadow_" + target + "\" (id INTEGER)");
        return config;
    }

    /**
     * The run's start drops a leftover copy and notes the drop in one transaction: a run that fails between
     * the two leaves neither (the copy is there, no note), and the next run drops it and notes it once. Had
     * the drop committed alone, the copy would be gone and its note never written.
     */
    @Test
    void aRunStartFailingBetweenTheDropAndItsNoteLeavesTheCopyForTheNextRun() throws Exception {
        String target = table + "_inc";
        Path config = syncedWithALeftoverCopy(target);
        String copy = "_replicate_shadow_" + target;

        ReplicationEngine.betweenStartDropsAndNotes = () -> {
            throw new IllegalStateException("the test's failure between the drop and its note");
        };
        CliRun failed;
        try {
            failed = run(config);
        } finally {
            ReplicationEngine.betweenStartDropsAndNotes = ReplicationEngine.NO_HOOK;
        }
        assertTrue(failed.status != 0, failed::toString);
        assertTrue(tables().contains(copy), "the drop was undone with its note: " + tables());
        assertEquals(0, droppedNotes(target), "no note of a drop that did not happen");

        runOk(config);
        assertFalse(tables().contains(copy), tables().toString());
        assertEquals(1, droppedNotes(target), "said once, in all its log");
    }

    /**
     * An application holds the write lock as the run's start begins, so its first try is refused: the try
     * that drops the copy is a later one, and its note must be there once, neither lost with the refused
     * try nor written by both.
     */
    @Test
    void theDropOfACopyIsNotedOnceWhenTheRunsStartIsRefusedTheWriteLock() throws Exception {
        String target = table + "_inc";
        Path config = syncedWithALeftoverCopy(target);

        AtomicInteger tries = new AtomicInteger();
        AtomicReference<Exception> holderFailed = new AtomicReference<>();
        List<Thread> holders = new ArrayList<>();
        ReplicationEngine.beforeStartWrites = () -> {
            if (tries.incrementAndGet() != 1) {
                return;
            }
            CountDownLatch taken = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + replicaPath());
                     Statement statement = other.createStatement()) {
                    statement.execute("BEGIN IMMEDIATE");
                    statement.execute("CREATE TABLE app_note (note TEXT)");
                    taken.countDown();
                    Thread.sleep(1000);
                    statement.execute("COMMIT");
                } catch (Exception e) {
                    holderFailed.set(e);
                    taken.countDown();
                }
            });
            holders.add(holder);
            holder.start();
            try {
                taken.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        try {
            runOk(config);
        } finally {
            ReplicationEngine.beforeStartWrites = ReplicationEngine.NO_HOOK;
        }
        for (Thread holder : holders) {
            holder.join();
        }
        assertEquals(null, holderFailed.get(), "the application took the lock");
        assertTrue(tries.get() > 1, "the first try was refused");
        assertFalse(tables().contains("_replicate_shadow_" + target), tables().toString());
        assertTrue(tables().contains("app_note"), "the application's write stands");
        assertEquals(1, droppedNotes(target), "said once, in all its log");
    }

    private static String droppedNote(String target) {
        return "dropped _replicate_shadow_" + target + ", the partial copy an interrupted run left behind when " + target
                + " was a full table";
    }

    /** How often the log's rows of {@code target} say that its copy was dropped. */
    private int droppedNotes(String target) {
        int said = 0;
        for (List<Object> row : ReplicaReader.query(replicaPath(), "SELECT notes FROM _replicate_log WHERE target = '"
                + target + "'")) {
            String notes = String.valueOf(row.get(0));
            for (int at = notes.indexOf(droppedNote(target)); at >= 0; at = notes.indexOf(droppedNote(target), at + 1)) {
                said++;
            }
        }
        return said;
    }

    /**
     * A full table's rows load into a copy that has no trigger, the user's made again on it only at the swap,
     * so no trigger of the user's runs inside replicate's writes of the table: a refusal of SQLite's is not
     * theirs. The refusals a user meets in a full table's run are said before anything is written (a name
     * held: TargetNameTaken, IndexNameTaken), so one is made here that no check foresees: a trigger of the
     * user's on replicate's own state table RAISEs inside the swap. The error went on to say the user's
     * trigger on the table "runs inside replicate's writes to it, and it refused the row (RAISE)".
     */
    @Test
    void aFullTablesFailureIsNotPutOnTheUsersTriggers() throws SQLException {
        createTable(3);
        Path config = config(entry(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "CREATE TABLE app_seen (id INTEGER)",
                "CREATE TRIGGER app_seen_rows AFTER INSERT ON \"" + table + "\" BEGIN INSERT INTO app_seen VALUES (new.id);"
                        + " END",
                "CREATE TRIGGER app_guard BEFORE UPDATE OF swap_triggers ON _replicate_watermarks"
                        + " BEGIN SELECT RAISE(ABORT, 'app_guard says no'); END");
        db.execute("INSERT INTO " + q(table) + " (id, name, val) VALUES (4, 'row 4', 'v4')");

        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("app_guard says no"), failed.err);
        assertFalse(failed.err.contains("app_seen_rows") || failed.err.contains("runs inside replicate's writes"),
                failed.err);
        assertEquals(3, rows(table).size(), "the old rows stay");

        ReplicaReader.edit(replicaPath(), "DROP TRIGGER app_guard");
        runOk(config);
        assertEquals(4, rows(table).size());
    }

    // --- an index's name, which replicate keeps for itself --------------------------------------

    /**
     * A view or a table of the user's holding the name replicate gives a configured index ({@code rx_...},
     * ReplicaIndexes) failed a full table's swap with SQLite's words alone ({@code there is already a table
     * named ...}), after its whole load, naming neither the index's entry nor the way out; a first sync the
     * same. The table fails before it loads anything, saying whose the name is, the index's entry and the ways
     * on; the other tables run.
     */
    @Test
    void aViewOrTableOfTheUsersHoldingAnIndexsNameFailsItsFullTableBeforeItLoads() throws SQLException {
        createTable(3);
        String second = "b_" + table;
        String third = "c_" + table;
        Path plain = config(entry(""), entry("\"target\": \"" + third + "\""));
        runOk(plain);
        String view = dev.replicate.sqlite.ReplicaIndexes.index(table, List.of("name"), false).name();
        String held = dev.replicate.sqlite.ReplicaIndexes.index(second, List.of("val"), true).name();
        ReplicaReader.edit(replicaPath(), "CREATE VIEW \"" + view + "\" AS SELECT 1 AS one",
                "CREATE TABLE \"" + held + "\" (note TEXT)", "INSERT INTO \"" + held + "\" VALUES ('mine')");
        db.execute("INSERT INTO " + q(table) + " (id, name, val) VALUES (4, 'row 4', 'v4')");
        Path indexed = config(entry("\"indexes\": [[\"val\"], [\"name\"]]"),
                entry("\"target\": \"" + second + "\", \"indexes\": [{\"columns\": [\"val\"], \"unique\": true}]"),
                entry("\"target\": \"" + third + "\""));

        CliRun taken = run(indexed);
        assertEquals(1, taken.status, taken::toString);
        assertTrue(taken.err.contains("holds a view named " + view + ", which replicate did not make")
                && taken.err.contains("the name of the index on (name) of target " + table + " ($[0].tables[0].indexes[1])")
                && taken.err.contains("DROP VIEW \"" + view + "\""), taken.err);
        assertTrue(taken.err.contains("holds a table named " + held + ", which replicate did not make")
                && taken.err.contains("the name of the unique index on (val) of target " + second
                + " ($[0].tables[1].indexes[0])")
                && taken.err.contains("RENAME TO"), taken.err);
        assertFalse(taken.err.contains("already"), taken.err);
        assertEquals(3, rows(table).size(), "the old rows stay");
        assertFalse(tables().contains(second), "nothing was made");
        assertFalse(tables().contains("_replicate_shadow_" + table), "nothing was loaded");
        assertEquals(4, rows(third).size(), "the other table ran");
        assertEquals(List.of(List.of("mine")), ReplicaReader.query(replicaPath(), "SELECT note FROM \"" + held + "\""),
                "the user's table stays");

        ReplicaReader.edit(replicaPath(), "DROP VIEW \"" + view + "\"",
                "ALTER TABLE \"" + held + "\" RENAME TO app_notes");
        runOk(indexed);
        assertEquals(4, rows(table).size());
        assertEquals(4, rows(second).size());
        assertEquals(1L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                + " AND name = '" + view + "' AND tbl_name = '" + table + "'"), "the index made");
    }

    // --- the copy's name, which replicate keeps for itself -----------------------------------------

    /**
     * A view or an index of the user's holding the name of a full table's copy ({@code _replicate_shadow_<target>})
     * failed the table with SQLite's words alone ({@code there is already an index named ...}), naming neither
     * the entry nor the way out. The table fails before anything is written, saying whose the name is and how to
     * go on, as for a target's own name; a first sync the same; the other tables run.
     */
    @Test
    void aViewOrIndexOfTheUsersHoldingTheCopysNameFailsItsTableNamingItAndTheWayOut() throws SQLException {
        createTable(3);
        String second = "b_" + table;
        String third = "c_" + table;
        Path config = config(entry(""), entry("\"target\": \"" + second + "\""), entry("\"target\": \"" + third + "\""));
        runOk(config, table, third);
        String view = "_replicate_shadow_" + table;
        String index = ("_replicate_shadow_" + second).toUpperCase(java.util.Locale.ROOT);
        ReplicaReader.edit(replicaPath(), "CREATE VIEW \"" + view + "\" AS SELECT 1 AS one",
                "CREATE TABLE app_notes (note TEXT)", "CREATE INDEX \"" + index + "\" ON app_notes (note)");
        db.execute("INSERT INTO " + q(table) + " (id, name, val) VALUES (4, 'row 4', 'v4')");

        CliRun taken = run(config);
        assertEquals(1, taken.status, taken::toString);
        assertTrue(taken.err.contains("holds a view named " + view + ", which replicate did not make")
                && taken.err.contains("the copy of target " + table + " ($[0].tables[0])")
                && taken.err.contains("DROP VIEW \"" + view + "\""), taken.err);
        assertTrue(taken.err.contains("holds an index named " + index + ", which replicate did not make")
                && taken.err.contains("the copy of target " + second + " ($[0].tables[1])")
                && taken.err.contains("DROP INDEX \"" + index + "\""), taken.err);
        assertFalse(taken.err.contains("already"), taken.err);
        assertEquals(3, rows(table).size(), "the old rows stay");
        assertFalse(tables().contains(second), "nothing was made");
        assertEquals(4, rows(third).size(), "the other table ran");
        assertEquals(2L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM sqlite_master WHERE name IN ('"
                + view + "', '" + index + "')"), "the user's objects stay");

        ReplicaReader.edit(replicaPath(), "DROP VIEW \"" + view + "\"", "DROP INDEX \"" + index + "\"");
        runOk(config);
        assertEquals(4, rows(table).size());
        assertEquals(4, rows(second).size());
    }

    // --- validate-config --connect: the path of a missing key or watermark column ---------------

    @Test
    void aMissingKeyOrWatermarkColumnIsReportedWithItsPath() {
        createTable(3);
        String select = new Gson().toJson("SELECT id, name FROM " + q(table));
        Path config = config(
                "{\"query\": " + select + ", \"target\": \"a_" + table + "\", \"primaryKey\": \"nope\"}",
                "{\"query\": " + select + ", \"target\": \"b_" + table + "\", \"primaryKey\": \"id\","
                        + " \"watermark\": \"nope\"}",
                entry("\"target\": \"c_" + table + "\", \"primaryKey\": \"nope\""),
                entry("\"target\": \"d_" + table + "\", \"watermark\": \"nope\""));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue(check.err.contains("$[0].tables[0].primaryKey: the primary key column nope does not exist in the"
                + " query of a_" + table), check.err);
        assertTrue(check.err.contains("$[0].tables[1].watermark: the watermark column nope does not exist in the"
                + " query of b_" + table), check.err);
        assertTrue(check.err.contains("$[0].tables[2].primaryKey: the primary key column nope does not exist in "),
                check.err);
        assertTrue(check.err.contains("$[0].tables[3].watermark: the watermark column nope does not exist in "),
                check.err);
    }
}
