package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code replicate verify --repair} on every server: planted drift of each kind is put right through
 * the page path, a second verify says equal, rows kept by choice and rows past the cursor stay as they
 * are, the cursor does not move, and a table verify cannot cover is not touched. Each table gets a
 * newest row the cursor stops on, so that the rows under test lie below it.
 */
public abstract class RepairBehaviour extends SourceScenarios {
    private static final String KEPT_BY_CHOICE = "not at the source, kept by choice (deleted there under deletes"
            + " \"keep\", or left out by its \"where\", or added to the replica by hand)";

    protected RepairBehaviour() {
        super("repair_");
    }

    private CliRun verify(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--config", config.toString(), "--db",
                replicaPath().toString(), "--json"));
        args.addAll(List.of(more));
        return CliRun.run(dir, args.toArray(String[]::new));
    }

    private CliRun repair(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("--repair"));
        args.addAll(List.of(more));
        return verify(config, args.toArray(String[]::new));
    }

    private CliRun plain(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--config", config.toString(), "--db",
                replicaPath().toString()));
        args.addAll(List.of(more));
        return CliRun.run(dir, args.toArray(String[]::new));
    }

    private static JsonObject verdict(CliRun result) {
        JsonArray array = JsonParser.parseString(result.out).getAsJsonArray();
        assertEquals(1, array.size(), result::toString);
        return array.get(0).getAsJsonObject();
    }

    private static List<String> keys(JsonObject verdict, String kind) {
        List<String> keys = new ArrayList<>();
        for (JsonElement key : verdict.getAsJsonObject(kind).getAsJsonArray("keys")) {
            keys.add(key.getAsString());
        }
        return keys;
    }

    private static long repaired(JsonObject verdict, String field) {
        return verdict.getAsJsonObject("repair").get(field).getAsLong();
    }

    private void assertEqualNow(Path config) {
        CliRun again = verify(config);
        assertEquals(0, again.status, again::toString);
        assertTrue(verdict(again).get("equal").getAsBoolean(), again::toString);
    }

    private List<List<Object>> replicaRows() {
        return ReplicaReader.query(replicaPath(), "SELECT id, name FROM \"" + table + "\" ORDER BY id");
    }

    private Object cursor() {
        return ReplicaReader.single(replicaPath(), "SELECT last_value FROM _replicate_watermarks WHERE target = '"
                + table + "'");
    }

    private Object name(long id) {
        List<List<Object>> rows = ReplicaReader.query(replicaPath(), "SELECT name FROM \"" + table + "\" WHERE id = "
                + id);
        return rows.isEmpty() ? "(absent)" : rows.get(0).get(0);
    }

    /** Rows {@code first..last} in one statement, watermarks a second apart from 2024-01-01, named "row N". */
    private void insertRange(int first, int last) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (id, updated_at, name) VALUES ");
        for (int id = first; id <= last; id++) {
            sql.append(id == first ? "" : ", ").append('(').append(id).append(", ")
                    .append(db.timestampLiteral(String.format("2024-01-01 %02d:%02d:%02d", id / 3600, id / 60 % 60,
                            id % 60))).append(", 'row ").append(id).append("')");
        }
        db.execute(sql.toString());
    }

    /**
     * Under deletes "keep": an UPDATE that left the watermark, rows deleted and edited by hand in the
     * replica are repaired; a row deleted at the source and one added by hand are kept; a row new and
     * one updated past the cursor are left to the next run; the cursor stays.
     */
    @Test
    void plantedDriftIsRepairedAndASecondVerifySaysEqual() throws Exception {
        createItems(true);
        for (int id = 1; id <= 20; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), id == 11 ? "" : "row " + id);
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        Object cursor = cursor();

        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3",
                "DELETE FROM " + q(table) + " WHERE id = 5");
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, updated_at, name) VALUES (0, 'x', 'n')",
                "DELETE FROM \"" + table + "\" WHERE id = 7",
                "UPDATE \"" + table + "\" SET name = 'edited' WHERE id = 9",
                "UPDATE \"" + table + "\" SET name = NULL WHERE id = 11");
        insert(50, "2024-01-03 00:00:00", "new");
        db.execute("UPDATE " + q(table) + " SET name = 'later', updated_at = " + db.timestampLiteral("2024-01-03 00:00:00")
                + " WHERE id = 13");

        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertFalse(verdict.get("equal").getAsBoolean(), "what verify found: " + result);
        assertEquals(List.of("7"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("3", "9", "11"), keys(verdict, "different"), result::toString);
        assertEquals(List.of("0", "5"), keys(verdict, "kept"), result::toString);
        assertTrue(verdict.getAsJsonObject("repair").get("complete").getAsBoolean(), result::toString);
        assertEquals(1, repaired(verdict, "missing"), result::toString);
        assertEquals(3, repaired(verdict, "different"), result::toString);
        assertEquals(0, repaired(verdict, "extra") + repaired(verdict, "rowsDeleted"), result::toString);
        assertEquals(0, repaired(verdict, "left"), result::toString);

        assertEquals("row 7", name(7));
        assertEquals("changed", name(3));
        assertEquals("row 9", name(9));
        assertEquals("", name(11), "the empty text, not NULL");
        assertEquals("n", name(0), "added by hand under keep: kept");
        assertEquals("row 5", name(5), "deleted at the source under keep: kept");
        assertEquals("(absent)", name(50), "past the cursor: the next run's");
        assertEquals("row 13", name(13), "updated past the cursor: the next run's");
        assertEquals(cursor, cursor(), "the cursor does not move");

        CliRun again = plain(config);
        assertEquals(0, again.status, again::toString);
        assertEquals("", again.out.strip(), "off a terminal, an equal table prints nothing: " + again);
        assertEqualNow(config);
        runOk(config);
        assertEquals("later", name(13));
        assertEquals("new", name(50));
        assertEqualNow(config);
    }

    @Test
    void theLineSaysWhatWasFoundAndRepaired() throws Exception {
        createItems(true);
        for (int id = 1; id <= 10; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), "row " + id);
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3", "DELETE FROM " + q(table) + " WHERE id = 5");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id = 7");
        CliRun result = plain(config, "--repair");
        assertEquals(0, result.status, result::toString);
        assertEquals(table + ": 1 missing (7); 1 different (3); 1 " + KEPT_BY_CHOICE + " (5); repaired 2 rows"
                + " (1 missing, 1 different): equal now", result.out.strip(), result::toString);
    }

    /**
     * A repair writes as a run does, so a trigger of the user's that no longer works (the table it writes to
     * dropped) fails it: said with the trigger's name and the way on, not SQLite's words alone (`no such
     * table: main.audit`), as a run's table failure is (ReplicationBehaviour#aBrokenTriggerOfTheUsers...).
     */
    @Test
    void aBrokenTriggerOfTheUsersFailsTheRepairNamingIt() throws Exception {
        createItems(true);
        for (int id = 1; id <= 5; id++) {
            insert(id, "2024-01-01 10:0" + id + ":00", "row " + id);
        }
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET name = 'edited' WHERE id = 2",
                "CREATE TABLE audit (id INTEGER)",
                "CREATE TRIGGER app_audit AFTER UPDATE ON \"" + table + "\" BEGIN INSERT INTO audit VALUES (new.id); END",
                "DROP TABLE audit");
        CliRun result = repair(config);
        assertEquals(1, result.status, result::toString);
        String said = result.out + result.err;
        assertTrue(said.contains("no such table: main.audit") && said.contains("trigger app_audit, made by hand on "
                + table) && said.contains("DROP TRIGGER"), said);
    }

    /**
     * Under reconcile: a row deleted at the source, one the where leaves out now and one added by hand
     * are extra, and deleted.
     */
    @Test
    void extraRowsAreDeletedUnderReconcile() throws Exception {
        createItems(true);
        for (int id = 1; id <= 8; id++) {
            insert(id, "2024-01-01 10:0" + id + ":00", "n");
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock("\"where\": \"name <> 'hidden'\", \"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        Object cursor = cursor();
        db.execute("DELETE FROM " + q(table) + " WHERE id = 2", "UPDATE " + q(table) + " SET name = 'hidden' WHERE id = 4");
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, updated_at, name) VALUES (0, 'x', 'n')",
                "UPDATE \"" + table + "\" SET name = 'edited' WHERE id = 6");
        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("0", "2", "4"), keys(verdict, "extra"), result::toString);
        assertEquals(3, repaired(verdict, "extra"), result::toString);
        assertEquals(3, repaired(verdict, "rowsDeleted"), result::toString);
        assertEquals(1, repaired(verdict, "different"), result::toString);
        assertEquals(List.of(1L, 3L, 5L, 6L, 7L, 8L, 100L), replicaRows().stream().map(r -> r.get(0)).toList());
        assertEquals("n", name(6));
        assertEquals(cursor, cursor());
        assertEqualNow(config);
    }

    /** Under soft deletes: a row gone from the source, one soft-deleted behind the watermark, one added by hand. */
    @Test
    void extraRowsAreDeletedUnderSoftDeletes() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, deleted_at " + db.timestampType() + " NULL, name VARCHAR(20))");
        for (int id = 1; id <= 8; id++) {
            db.execute("INSERT INTO " + q(table) + " VALUES (" + id + ", " + db.timestampLiteral("2024-01-01 10:0" + id
                    + ":00") + ", NULL, 'n')");
        }
        Path config = config(tableBlock("\"deletes\": {\"softDelete\": \"deleted_at\"}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id = 2", "UPDATE " + q(table) + " SET deleted_at = "
                + db.timestampLiteral("2024-01-01 10:00:00") + " WHERE id = 3");
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, updated_at, name) VALUES (0, 'x', 'n')");
        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        assertEquals(List.of("0", "2", "3"), keys(verdict(result), "extra"), result::toString);
        assertEquals(List.of(1L, 4L, 5L, 6L, 7L, 8L), replicaRows().stream().map(r -> r.get(0)).toList());
        assertEqualNow(config);
    }

    /**
     * 501 rows deleted by hand in one stretch: one range, read again in pages of 7 rows (each its own
     * transaction); 21 edited rows beside them.
     */
    @Test
    void aRangeOfManyPagesIsRepaired() throws Exception {
        createItems(true);
        insertRange(1, 1000);
        insert(5000, "2024-02-01 00:00:00", "newest");
        Path config = config(tableBlock("\"pageSize\": 7"));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id BETWEEN 100 AND 600",
                "UPDATE \"" + table + "\" SET name = 'x' WHERE id BETWEEN 700 AND 720");
        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(501, repaired(verdict, "missing"), result::toString);
        assertEquals(21, repaired(verdict, "different"), result::toString);
        assertTrue(repaired(verdict, "rowsWritten") >= 522, result::toString);
        assertEquals(1001, ReplicaReader.count(replicaPath(), table));
        assertEquals("row 600", name(600));
        assertEquals("row 720", name(720));
        assertEqualNow(config);
    }

    /**
     * Rows on the cursor's value after a run that did not end well are unverified; the repair reads them
     * again (they are at the cursor, not past it), and a second verify judges them equal.
     */
    @Test
    void rowsLeftUnverifiedAreRepairedToo() throws Exception {
        createItems(true);
        insertRange(1, 300);
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-03-01 12:00:00.5"));
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id <= 100",
                "UPDATE \"" + table + "\" SET name = 'x' WHERE id BETWEEN 200 AND 210",
                "UPDATE _replicate_watermarks SET last_ok = 0");
        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(111, verdict.getAsJsonObject("unverified").get("count").getAsLong(), result::toString);
        assertEquals(111, repaired(verdict, "unverified"), result::toString);
        assertEquals(300, ReplicaReader.count(replicaPath(), table));
        // Judged now, not left unverified: the replica holds every row on the cursor's value, as the source has it.
        assertEqualNow(config);
    }

    /**
     * The reconcile's guard holds for a repair's deletes: a source table emptied (truncated while it is
     * reloaded, say) would empty the replica, and rows the cursor passed would not come back. The table
     * is not repaired at all until --allow-mass-delete names it.
     */
    @Test
    void theGuardKeepsARepairFromEmptyingTheReplica() throws Exception {
        createItems(true);
        for (int id = 1; id <= 4; id++) {
            insert(id, "2024-01-01 10:0" + id + ":00", "n");
        }
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table));
        ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET name = 'edited' WHERE id = 1");

        CliRun refused = plain(config, "--repair");
        assertEquals(1, refused.status, refused::toString);
        assertEquals(table + ": 4 extra (1, 2, 3, 4); repair failed: would delete 4 of the 4 rows (100%), every row,"
                + " which always needs the flag; nothing was repaired. If the rows really are gone at the source, run"
                + " `replicate verify --repair --allow-mass-delete " + table + "`; if not, check the source table and"
                + " the user's permissions", refused.out.strip(), refused::toString);
        assertEquals(4, ReplicaReader.count(replicaPath(), table));
        assertEquals("edited", name(1), "nothing repaired");

        CliRun allowed = repair(config, "--allow-mass-delete", table);
        assertEquals(0, allowed.status, allowed::toString);
        assertEquals(0, ReplicaReader.count(replicaPath(), table));
        assertEqualNow(config);
    }

    /**
     * The guard holds for what the repair deletes, not only for what verify counted: the source emptied
     * between verify's pass and the repair's deletes (a table truncated and reloaded, a permission lost)
     * makes every row of each range verify found an extra row in extra. Verify finds 10 of 1000 rows
     * extra, each in a range of its own; the repair then finds about 63 in each, and stops before its
     * deletes pass the table's 10%, the table failing with the guard's reason.
     */
    @Test
    void theGuardHoldsForWhatTheRepairDeletesWhenTheSourceChangesMeanwhile() throws Exception {
        createItems(true);
        insertRange(1, 1000);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\", \"maxDeletePercent\": 10}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id % 100 = 50");
        Verifier.beforeRepair = target -> db.execute("DELETE FROM " + q(table));
        CliRun result;
        try {
            result = repair(config);
        } finally {
            Verifier.beforeRepair = Verifier.NO_HOOK;
        }
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(10, verdict.getAsJsonObject("extra").get("count").getAsLong(), result::toString);
        long deleted = repaired(verdict, "rowsDeleted");
        assertTrue(deleted <= 100, "at most 10% deleted: " + result);
        assertEquals(1000 - deleted, ReplicaReader.count(replicaPath(), table), result::toString);
        String error = verdict.getAsJsonObject("repair").get("error").getAsString();
        assertTrue(error.startsWith("would delete ") && error.contains("of the 1000 rows")
                && error.contains("more than $[0].tables[0].deletes.maxDeletePercent (10%) allows; the repair stopped"
                + " before deleting them"), result::toString);
    }

    /** A table that soft-deletes without a reconcile has no maxDeletePercent of its own: the default's 50 holds. */
    @Test
    void aSoftDeletingTableIsGuardedByTheDefaultShare() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, deleted_at " + db.timestampType() + " NULL, name VARCHAR(20))");
        for (int id = 1; id <= 4; id++) {
            db.execute("INSERT INTO " + q(table) + " VALUES (" + id + ", " + db.timestampLiteral("2024-01-01 10:0" + id
                    + ":00") + ", NULL, 'n')");
        }
        Path config = config(tableBlock("\"deletes\": {\"softDelete\": \"deleted_at\"}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id <= 3");
        CliRun refused = plain(config, "--repair");
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.out.contains("repair failed: would delete 3 of the 4 rows (75%), more than the 50% a repair"
                + " deletes unasked; nothing was repaired"), refused::toString);
        assertEquals(4, ReplicaReader.count(replicaPath(), table));

        CliRun allowed = repair(config, "--allow-mass-delete", table);
        assertEquals(0, allowed.status, allowed::toString);
        assertEquals(List.of(List.of(4L, "n")), replicaRows());
    }

    @Test
    void allowMassDeleteIsAUsageErrorWithoutRepairOrForATableThatKeepsRows() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "n");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun withoutRepair = verify(config, "--allow-mass-delete", table);
        assertEquals(2, withoutRepair.status, withoutRepair::toString);
        assertTrue(withoutRepair.err.contains("--allow-mass-delete lets a repair delete; it needs --repair"),
                withoutRepair::toString);
        CliRun keeps = repair(config, "--allow-mass-delete", table);
        assertEquals(2, keeps.status, keeps::toString);
        assertTrue(keeps.err.contains("--allow-mass-delete " + table + ": " + table + " keeps rows deleted at the"
                + " source"), keeps::toString);
    }

    /**
     * A repair is recorded in _replicate_log as a row of its own kind, with what it wrote and deleted,
     * and the last run's row (what the metrics read) is still the run's. A verify that repairs nothing
     * writes nothing.
     */
    @Test
    void aRepairIsLoggedApartFromRuns() throws Exception {
        createItems(true);
        insertRange(1, 20);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        assertEquals(0, repair(config).status);
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3", "DELETE FROM " + q(table)
                + " WHERE id = 5");
        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        List<List<Object>> log = ReplicaReader.query(replicaPath(), "SELECT kind, ok, rows_deleted, rows_changed, notes"
                + " FROM _replicate_log WHERE target = '" + table + "' ORDER BY id");
        assertEquals(2, log.size(), log::toString);
        assertEquals(java.util.Arrays.asList(null, 1L), log.get(0).subList(0, 2), log::toString);
        assertEquals(java.util.Arrays.asList("repair", 1L, 1L, null,
                "verify --repair: repaired 0 missing, 1 different, 1 extra, 0 unverified; 0 left"), log.get(1),
                log::toString);
        try (dev.replicate.sqlite.Replica replica = dev.replicate.sqlite.Replica.openForReading(replicaPath())) {
            List<dev.replicate.sqlite.RunLog.Entry> latest = new dev.replicate.sqlite.RunLog(replica).latestPerTable();
            assertEquals(List.of(java.util.Optional.<String>empty()),
                    latest.stream().map(dev.replicate.sqlite.RunLog.Entry::kind).toList());
        }
    }

    /**
     * A table without a key: the watermark values holding missing rows are read again and written with
     * the rows' identities, as a run reads its cursor's value again, so rows already there are not
     * doubled (two identical source rows stay two); rows kept by choice stay. A row edited by hand keeps
     * the identity of the row it was, so the source's row is not written beside it: said, exit 1.
     */
    @Test
    void aTableWithoutAKeyIsRepairedByReadingItsWatermarkValuesAgain() throws Exception {
        createItems(false);
        for (int id = 1; id <= 10; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), "row " + id);
        }
        insert(11, "2024-01-01 10:11:00", "twin");
        insert(11, "2024-01-01 10:11:00", "twin");
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        Object cursor = cursor();
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3",
                "DELETE FROM " + q(table) + " WHERE id = 5");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id IN (7, 11)");
        insert(50, "2024-01-03 00:00:00", "new");

        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(4, verdict.getAsJsonObject("missing").get("count").getAsLong(), result::toString);
        assertEquals(4, repaired(verdict, "missing"), result::toString);
        assertTrue(verdict.getAsJsonObject("repair").get("complete").getAsBoolean(), result::toString);
        assertEquals(0, repaired(verdict, "rowsDeleted"), result::toString);
        assertEquals(cursor, cursor());
        // Row 3 both as it was (kept) and as it is; row 5, gone from the source, kept; the twins both back;
        // row 50, past the cursor, left to the next run.
        assertEquals(List.of(List.of(1L, "row 1"), List.of(2L, "row 2"), List.of(3L, "changed"), List.of(3L, "row 3"),
                List.of(4L, "row 4"), List.of(5L, "row 5"), List.of(6L, "row 6"), List.of(7L, "row 7"),
                List.of(8L, "row 8"), List.of(9L, "row 9"), List.of(10L, "row 10"), List.of(11L, "twin"),
                List.of(11L, "twin"), List.of(100L, "newest")),
                ReplicaReader.query(replicaPath(), "SELECT id, name FROM \"" + table + "\" ORDER BY id, name"));
        assertEqualNow(config);

        ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET name = 'edited' WHERE id = 9");
        CliRun edited = plain(config, "--repair");
        assertEquals(1, edited.status, edited::toString);
        assertTrue(edited.out.startsWith(table + ": 1 missing (2024-01-01 10:09:00); 3 " + KEPT_BY_CHOICE
                + " (2024-01-01 10:03:00, 2024-01-01 10:05:00, 2024-01-01 10:09:00)"), edited::toString);
        assertTrue(edited.out.contains("repair failed: 1 row still not in the replica after their watermark values"
                + " were read again: a row edited by hand in the replica keeps the identity of the row it was"),
                edited::toString);
    }

    /**
     * A table without a key whose first sync was killed before its identity index was made (it is made
     * after the rows): the repair makes it before writing, so the rows it reads again are not doubled.
     */
    @Test
    void aTableWithoutItsIdentityIndexGetsItBeforeARepairWrites() throws Exception {
        createItems(false);
        for (int id = 1; id <= 6; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), "row " + id);
        }
        insert(6, "2024-01-01 10:06:00", "row 6");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "DROP INDEX \"_replicate_row_key_" + table + "\"",
                "DELETE FROM \"" + table + "\" WHERE id = 3");

        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        assertEquals(1, repaired(verdict(result), "missing"), result::toString);
        assertEquals(List.of(List.of("_replicate_row_key_" + table)), ReplicaReader.query(replicaPath(),
                "SELECT name FROM pragma_index_list('" + table + "') WHERE \"unique\" = 1"));
        assertEquals(7L, ReplicaReader.count(replicaPath(), table));
        assertEqualNow(config);
    }

    /**
     * A full table is repaired in place, by the key ranges that differ, as an incremental table is: rows
     * the source no longer has are deleted, the others read again; the next run's copy would do the same.
     */
    @Test
    void aFullTableIsRepairedByItsKeyRanges() throws Exception {
        createItems(true);
        insertRange(1, 3000);
        Path config = config(entry("\"mode\": \"full\""));
        runOk(config);
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 20", "DELETE FROM " + q(table)
                + " WHERE id = 30");
        insertRange(3001, 3001);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id = 40");

        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(2, repaired(verdict, "missing"), result::toString);
        assertEquals(1, repaired(verdict, "different"), result::toString);
        assertEquals(1, repaired(verdict, "extra"), result::toString);
        assertEquals("changed", name(20));
        assertEquals("(absent)", name(30));
        assertEquals("row 40", name(40));
        assertEquals("row 3001", name(3001));
        assertEqualNow(config);
    }

    /**
     * A full table without a key: verify does not cover it, so repair does not touch it (exit 1, the reason
     * said), while the other tables are repaired. A query entry is repaired through its query.
     */
    @Test
    void tablesVerifyCannotCoverAreNotRepaired() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "one");
        insert(2, "2024-01-01 10:01:00", "two");
        insert(100, "2024-01-02 00:00:00", "newest");
        String keyless = table + "_keyless";
        String query = table + "_query";
        db.execute("CREATE TABLE " + q(keyless) + " (id BIGINT NOT NULL, name VARCHAR(100))",
                "INSERT INTO " + q(keyless) + " VALUES (1, 'one')");
        Path config = config(tableBlock(""), "{\"name\": \"" + keyless + "\", \"mode\": \"full\"}",
                "{\"query\": \"SELECT id, updated_at, name FROM " + q(table).replace("\"", "\\\"") + "\", \"target\": \""
                        + query + "\", \"primaryKey\": \"id\", \"watermark\": \"updated_at\"}");
        runOk(config);
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 1",
                "UPDATE " + q(keyless) + " SET name = 'changed'");
        Path before = dir.resolve("before.db");
        Files.copy(replicaPath(), before);

        CliRun result = plain(config, "--repair", keyless);
        assertEquals(1, result.status, result::toString);
        assertEquals(keyless + ": cannot verify, so not repaired: is a full table without a primary key: nothing"
                + " names its rows (it has no watermark either), so verify does not cover it yet; set \"primaryKey\""
                + " to verify it", result.out.strip(), result::toString);
        assertEquals(ReplicaReader.query(before, "SELECT * FROM \"" + keyless + "\" ORDER BY id"),
                ReplicaReader.query(replicaPath(), "SELECT * FROM \"" + keyless + "\" ORDER BY id"));

        CliRun repairedQuery = plain(config, "--repair", query);
        assertEquals(0, repairedQuery.status, repairedQuery::toString);
        assertEquals(query + ": 1 different (1); repaired 1 row (1 different): equal now", repairedQuery.out.strip(),
                repairedQuery::toString);
        assertEquals(List.of(List.of("changed")), ReplicaReader.query(replicaPath(), "SELECT name FROM \"" + query
                + "\" WHERE id = 1"));

        CliRun all = plain(config, "--repair");
        assertEquals(1, all.status, all::toString);
        assertTrue(all.out.startsWith(table + ": 1 different (1); repaired 1 row (1 different): equal now"),
                all::toString);
        assertEquals("changed", name(1));
    }

    /**
     * Keys of a type no source key has, typed into the replica by hand (a composite key's integer column
     * holds them; a one-column integer key is SQLite's rowid, which refuses them): 100 REALs among the
     * integers and 100 texts after them. No source row can equal them, so under reconcile they are extra
     * and deleted, exactly; and since such a key cannot be bound at the source, none becomes a range
     * bound (a run of 100 of them is longer than a bisection's step, 75 rows here).
     */
    @Test
    void keysOfAnotherTypeTypedIntoTheReplicaAreExtra() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (a BIGINT NOT NULL, b BIGINT NOT NULL, updated_at " + db.timestampType()
                + " NOT NULL, name VARCHAR(20), PRIMARY KEY (a, b))");
        for (int a = 1; a <= 2; a++) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " VALUES ");
            for (int b = 1; b <= 500; b++) {
                sql.append(b == 1 ? "" : ", ").append('(').append(a).append(", ").append(b).append(", ")
                        .append(db.timestampLiteral(String.format("2024-01-0%d %02d:%02d:00", a, b / 60, b % 60)))
                        .append(", 'n')");
            }
            db.execute(sql.toString());
        }
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        List<String> strays = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            strays.add("INSERT INTO \"" + table + "\" (a, b, updated_at, name) VALUES (1, " + i + ".5, 'x', 'n')");
            strays.add("INSERT INTO \"" + table + "\" (a, b, updated_at, name) VALUES (1, 'x" + (100 + i) + "', 'x', 'n')");
        }
        ReplicaReader.edit(replicaPath(), strays.toArray(String[]::new));
        assertEquals(1200, ReplicaReader.count(replicaPath(), table));

        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(200, verdict.getAsJsonObject("extra").get("count").getAsLong(), result::toString);
        assertEquals("[1,0.5]", verdict.getAsJsonObject("extra").getAsJsonArray("keys").get(0).toString(),
                result::toString);
        assertEquals(200, repaired(verdict, "rowsDeleted"), result::toString);
        assertEquals(1000, ReplicaReader.count(replicaPath(), table));
        assertEqualNow(config);
    }

    /**
     * Text keys typed into the replica by hand as bytes: a blob, and a text that is not UTF-8 (which the
     * driver reads back with U+FFFD in place of the bad byte, a key no row has). Both are named by their
     * bytes, as SQLite literals, and the repair deletes them by their stored bytes.
     */
    @Test
    void keysStoredAsBytesAreNamedByThemAndDeleted() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (code VARCHAR(20) NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL, name VARCHAR(20))");
        for (int i = 1; i <= 9; i++) {
            db.execute("INSERT INTO " + q(table) + " VALUES ('k" + i + "', " + db.timestampLiteral("2024-01-01 10:0" + i
                    + ":00") + ", 'n')");
        }
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" VALUES (CAST(X'6BFF' AS TEXT), 'x', 'n')",
                "INSERT INTO \"" + table + "\" VALUES (X'41', 'x', 'n')");

        CliRun found = plain(config);
        assertEquals(1, found.status, found::toString);
        assertEquals(table + ": 2 extra (CAST(X'6BFF' AS TEXT), X'41')", found.out.strip(), found::toString);
        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("CAST(X'6BFF' AS TEXT)", "X'41'"), keys(verdict, "extra"), result::toString);
        assertEquals(2, repaired(verdict, "rowsDeleted"), result::toString);
        assertTrue(verdict.getAsJsonObject("repair").get("complete").getAsBoolean(), result::toString);
        assertEquals(9, ReplicaReader.count(replicaPath(), table));
        assertEqualNow(config);
    }

    @Test
    void theMetricsFileCarriesTheRepair() throws Exception {
        createItems(true);
        for (int id = 1; id <= 10; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), "row " + id);
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id IN (2, 3)",
                "UPDATE \"" + table + "\" SET name = 'x' WHERE id = 4");
        Path metrics = dir.resolve("verify.prom");
        CliRun result = repair(config, "--metrics-file", metrics.toString());
        assertEquals(0, result.status, result::toString);
        String text = Files.readString(metrics);
        assertTrue(text.contains("replicate_table_verify_differences{target=\"" + table + "\"} 3\n"), text);
        assertTrue(text.contains("replicate_table_verify_repaired_rows{target=\"" + table + "\",kind=\"missing\"} 2\n"),
                text);
        assertTrue(text.contains("replicate_table_verify_repaired_rows{target=\"" + table + "\",kind=\"different\"} 1\n"),
                text);
        assertTrue(text.contains("replicate_table_verify_repaired_rows{target=\"" + table + "\",kind=\"extra\"} 0\n"),
                text);
        assertTrue(text.contains("replicate_table_verify_differences_left{target=\"" + table + "\"} 0\n"), text);
    }

    /**
     * A row that verify --repair writes again is written as a run writes it: NULL in a column the source no
     * longer has, never the value the row held before (the source holds none for it now).
     */
    @Test
    void aRepairedRowHoldsNoStaleValueInAColumnGoneFromTheSource() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN name");
        runOk(config);
        assertEquals("a", name(1), "not read again, row 1 keeps its value");
        ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET updated_at = '2000-01-01T00:00:00' WHERE id = 1");

        CliRun result = repair(config);
        assertEquals(0, result.status, result::toString);
        assertEquals(Arrays.asList((Object) null), Arrays.asList(name(1)), "written again, row 1 is NULL there");
        assertEqualNow(config);
    }
}
