package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.replicate.sqlite.ReplicaLock;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.EarlierFloats;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code replicate verify} on every server: a freshly synced replica of every type verifies equal (no
 * false difference from a canonical form), planted drift is found with the right keys, and bisection
 * reads a few ranges, not the table. Each table gets a newest row the cursor stops on, so that the
 * rows under test all lie below it (a row on the cursor may differ without that being a difference:
 * see JdbcDigests).
 */
public abstract class VerifyBehaviour extends SourceScenarios {
    private static final String KEPT_BY_CHOICE = "not at the source, kept by choice (deleted there under deletes"
            + " \"keep\", or left out by its \"where\", or added to the replica by hand)";

    protected VerifyBehaviour() {
        super("verify_");
    }

    /** Statements that make {@code name} with a column of every type the type tests cover, filled. */
    protected abstract List<String> everyTypeTable(String name);

    /** A statement that inserts rows with ids 1..rows into the items table, watermarks increasing. */
    protected abstract String insertMany(String name, int rows);

    /**
     * The type of a text key column whose collation orders by the UTF-8 bytes, which the source compares
     * as itself (PostgreSQL's "C", MariaDB's utf8mb4_nopad_bin; see SourceColumn#bytewise).
     */
    protected abstract String bytewiseTextKeyType();

    protected CliRun verify(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--config", config.toString(), "--db",
                replicaPath().toString(), "--json"));
        args.addAll(List.of(more));
        return CliRun.run(dir, args.toArray(String[]::new));
    }

    /** The one table's verdict. */
    protected static JsonObject verdict(CliRun result) {
        JsonArray array = JsonParser.parseString(result.out).getAsJsonArray();
        assertEquals(1, array.size(), result::toString);
        return array.get(0).getAsJsonObject();
    }

    protected static List<String> keys(JsonObject verdict, String kind) {
        List<String> keys = new ArrayList<>();
        for (JsonElement key : verdict.getAsJsonObject(kind).getAsJsonArray("keys")) {
            keys.add(key.getAsString());
        }
        return keys;
    }

    private void assertEqualVerdict(CliRun result) {
        assertEquals(0, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertTrue(verdict.get("equal").getAsBoolean(), result::toString);
    }

    /**
     * An incremental table whose source had no row to copy (empty, or every watermark NULL) ran well and
     * holds no cursor: verify failed it, exit 1, saying it "has not been synced yet: run `replicate run`
     * first", which the run had done (a verify in cron alerted on every empty table). Its empty replica is
     * what the source should give: every row there now is beyond the cursor, the next run's.
     */
    @Test
    void anIncrementalTableWhoseSourceHadNoRowVerifiesEqual() throws Exception {
        createItems(true);
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));
        insert(1, null, "no watermark, never copied");
        runOk(config);
        assertEqualVerdict(verify(config));
        // Not equal by accident: a row added to the replica by hand is still seen, and said as such (not
        // "has not been synced yet: run `replicate run` first", which the runs had done and cannot help).
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, name) VALUES (7, 'by hand')");
        CliRun byHand = verify(config);
        assertEquals(1, byHand.status, byHand::toString);
        assertTrue(verdict(byHand).get("error").getAsString().contains("the replica holds rows though its last run"
                + " found none to copy at the source"), byHand::toString);
        assertTrue(verdict(byHand).get("error").getAsString().contains("replicate reset"), byHand::toString);
        assertTrue(!byHand.out.contains("has not been synced yet"), byHand::toString);
    }

    /**
     * A key the configuration changed since the last run fails the table's verify, with the ways on a run gives
     * (set the key back, or reset), naming the entry's "primaryKey" as the run's failure does: it named no JSON
     * path, said the source had the configuration's key, and sent the user to a run that fails the same way.
     * Without a key ([]) the same, through the comparison of row sets.
     */
    @Test
    void aKeyChangedInTheConfigurationNamesTheEntrysPrimaryKey() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "one");
        runOk(config(tableBlock("")));

        CliRun wider = verify(config(tableBlock("\"primaryKey\": [\"id\", \"name\"]")));
        assertEquals(1, wider.status, wider::toString);
        String error = verdict(wider).get("error").getAsString();
        assertTrue(error.contains("the SQLite table has primary key (id), $[0].tables[0].primaryKey now gives primary"
                + " key (id, name)") && error.contains("replicate reset " + table), wider::toString);
        CliRun none = verify(config(tableBlock("\"primaryKey\": []")));
        assertEquals(1, none.status, none::toString);
        assertTrue(verdict(none).get("error").getAsString().contains("the SQLite table has primary key (id),"
                + " $[0].tables[0].primaryKey now gives no primary key"), none::toString);

        // A full table's next run makes it anew by the new key: that run is the way on.
        String full = "full_" + table;
        runOk(config(entry("\"target\": \"" + full + "\"")));
        CliRun fullWider = verify(config(entry("\"target\": \"" + full + "\", \"primaryKey\": [\"id\", \"name\"]")));
        assertEquals(1, fullWider.status, fullWider::toString);
        assertTrue(verdict(fullWider).get("error").getAsString().contains("the SQLite table has primary key (id),"
                + " $[0].tables[0].primaryKey now gives primary key (id, name): run `replicate run` first"),
                fullWider::toString);
    }

    /**
     * A table without a cursor whose replica holds no row is equal only when its last run ended well having
     * found no row to copy, and the source still has none. A run that re-creates a replica table dropped by
     * hand forgets the cursor with its DDL; killed before its first page, it left the state of a table whose
     * last run found nothing (no cursor, the last success's outcome), and verify said equal without asking
     * the source, which held every row the replica lacked. So it did for a source empty at its last success
     * whose every run since failed, and for rows that came to an empty source after its last run.
     */
    @Test
    void aTableWithoutACursorIsNotEqualWhileTheSourceHoldsRowsTheReplicaLacks() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "one");
        insert(2, "2024-01-01 10:00:01", "two");
        insert(3, "2024-01-01 10:00:02", "three");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));
        // What a run leaves that re-created the table dropped by hand and was killed before its first page.
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\"",
                "UPDATE _replicate_watermarks SET last_value = NULL");
        assertNotEqual(verify(config));

        // An empty source at the last success, rows since, and a run that failed reading them.
        table = table + "_empty";
        createItems(true);
        Path empty = config(tableBlock(""));
        runOk(empty);
        assertEqualVerdict(verify(empty));
        insert(1, "2024-01-01 10:00:00", "one");
        // Rows the next run copies: not equal meanwhile, whatever the state says.
        assertNotEqual(verify(empty));
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET last_ok = 0, consecutive_failures = 1");
        assertNotEqual(verify(empty));
    }

    /**
     * A queue table: its rows copied, then consumed at the source (deletes kept), its SQLite table dropped by
     * hand, and made again by a run that forgot the cursor with it and found the source empty. Every run ends
     * well, and the replica is what the source gives; verify said "has not been synced yet: run `replicate
     * run` first" for good, as an earlier run had seen a row (source_newest_value, which every run keeps).
     * A table whose last run failed is said as such, not as one never synced.
     */
    @Test
    void aDrainedQueueWhoseReplicaTableWasDroppedVerifiesEqual() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "one");
        insert(2, "2024-01-01 10:00:01", "two");
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("DELETE FROM " + q(table));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "DROP TABLE \"" + table + "\"");
        runOk(config);
        runOk(config);
        CliRun drained = verify(config);
        assertEqualVerdict(drained);
        assertTrue(verdict(drained).get("note").getAsString().contains("every watermark NULL or not finite"),
                drained::toString);

        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET last_ok = 0, consecutive_failures = 1,"
                + " last_error = 'connection refused'");
        CliRun failed = verify(config);
        assertNotEqual(failed);
        String error = verdict(failed).get("error").getAsString();
        assertTrue(error.contains("its last run failed"), failed::toString);
        assertTrue(!error.contains("has not been synced yet"), failed::toString);
    }

    /**
     * Rows come to a source whose last run found none, with a text watermark: verify printed the newest as it
     * was, a page long or over several lines. It is shown on one line, cut.
     */
    @Test
    void aTextWatermarkToCopyIsShownOnOneLineCut() throws Exception {
        createItems(true);
        Path config = config(entry("\"watermark\": \"name\""));
        runOk(config);
        insert(1, "2024-01-01 10:00:00", "a\nb" + "x".repeat(80));
        CliRun result = verify(config);
        assertNotEqual(result);
        String error = verdict(result).get("error").getAsString();
        assertTrue(error.contains("(the newest watermark a b" + "x".repeat(57) + "...)"), result::toString);
        assertTrue(!error.contains("\n") && !error.contains("x".repeat(58)), result::toString);
    }

    private static void assertNotEqual(CliRun result) {
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertTrue(!verdict.get("equal").getAsBoolean(), result::toString);
        assertTrue(verdict.get("error").isJsonPrimitive(), result::toString);
    }

    /**
     * A key the source holds twice (a configured primaryKey that is not unique; on PostgreSQL, a parent's
     * key that its inheritance children repeat): the replica keeps one row of it. Verify called that key
     * both missing and different, and --repair said it was still not equal after the repair, "changed at
     * the source meanwhile?", to be run again, which never helps. It now names the key the source holds
     * twice and what to do, as a full table's run does.
     */
    @Test
    void aKeyTheSourceHoldsTwiceIsNamedInsteadOfCalledMissingAndDifferent() {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "first of key 1");
        insert(1, "2024-01-01 10:00:01", "second of key 1");
        insert(2, "2024-01-01 10:00:02", "two");
        insert(3, "2024-01-01 10:00:03", "newest");
        Path config = config(tableBlock("\"primaryKey\": \"id\""));
        runOk(config);
        String expected = "the source holds the key (1) in more than one row";
        for (CliRun result : List.of(verify(config), verify(config, "--repair"))) {
            assertEquals(1, result.status, result::toString);
            JsonObject verdict = verdict(result);
            assertTrue(verdict.get("error").isJsonPrimitive() && verdict.get("error").getAsString().contains(expected),
                    result::toString);
            // The server's own causes, not the other's (MySQL users were told of PostgreSQL's FROM ONLY).
            assertTrue(verdict.get("error").getAsString().contains(repeatedKeyCause()), result::toString);
            assertTrue(!verdict.get("error").getAsString().contains(otherServersRepeatedKeyCause()), result::toString);
        }
    }

    /** What this server's message on a key read twice names as a cause of its own. */
    protected abstract String repeatedKeyCause();

    /** What the other server's message names, which this one's must not. */
    protected abstract String otherServersRepeatedKeyCause();

    @Test
    void aFreshReplicaOfEveryTypeVerifiesEqualAndAnEditedValueIsFound() throws Exception {
        db.execute(everyTypeTable(table).toArray(String[]::new));
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));
        // Not equal by accident: a stored value changed by hand is found.
        ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET updated_at = updated_at || '0' WHERE id = 2");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals(List.of("2"), keys(verdict(result), "different"));
    }

    /**
     * A difference planted in each stored column of a copy of each row of the every-type table (its edge
     * values included) is found: no canonical form leaves a column out or blurs a change (a text's last
     * character or a trailing space, a real's last bit, NULL made the empty text, a date's last digit).
     */
    @Test
    void aDifferencePlantedInAnyColumnOfAnyRowIsFound() throws Exception {
        List<String> setup = everyTypeTable(table);
        db.execute(setup.toArray(String[]::new));
        List<String> columns = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + q(table) + " WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnName(i));
            }
        }
        assertEquals("id", columns.get(0));
        List<Long> rows = db.query("SELECT id FROM " + q(table) + " WHERE id < 99 ORDER BY id").stream()
                .map(row -> Long.parseLong(row.get(0))).toList();
        String others = columns.subList(1, columns.size()).stream().map(this::q).collect(Collectors.joining(", "));
        // The copies in a session set up as the table's was (MySQL's zero dates need its sql_mode).
        List<String> copies = new ArrayList<>(setup.stream().filter(sql -> sql.startsWith("SET ")).toList());
        List<String> edits = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        for (int column = 1; column < columns.size(); column++) {
            for (long row : rows) {
                long copy = 1000L * column + row;
                copies.add("INSERT INTO " + q(table) + " (id, " + others + ") SELECT " + copy + ", " + others + " FROM "
                        + q(table) + " WHERE id = " + row);
                edits.add("UPDATE \"" + table + "\" SET " + plant("\"" + columns.get(column) + "\"") + " WHERE id = " + copy);
                planted.add(Long.toString(copy));
            }
        }
        db.execute(copies.toArray(String[]::new));
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));

        ReplicaReader.edit(replicaPath(), edits.toArray(String[]::new));
        CliRun result = verify(config, "--limit", "100000");
        assertEquals(1, result.status, result::toString);
        assertEquals(planted, keys(verdict(result), "different"), result::toString);
    }

    /** The source's single-precision type (PostgreSQL's real, MySQL's FLOAT). */
    protected abstract String singlePrecisionType();

    /**
     * A replica an earlier release wrote holds, for some single-precision values, the double of Java 17's
     * Float.toString of the float, longer than the shortest decimal whose double this release stores
     * (ShortestFloat): verify takes it as the same value, not as a difference the user should repair. A
     * replica of this release verifies equal, and a stored double changed by hand within the float still
     * differs.
     */
    @Test
    void singlePrecisionValuesAnEarlierReleaseStoredVerifyEqual() throws Exception {
        Assumptions.assumeTrue(EarlierFloats.printedLongHere(),
                "this JVM's Float.toString prints the shortest decimal: earlier releases stored the same doubles");
        List<String> floats = EarlierFloats.PRINTED_LONG;
        db.execute("CREATE TABLE " + q(table) + " (id INTEGER NOT NULL PRIMARY KEY, wm INTEGER NOT NULL, v "
                + singlePrecisionType() + ")");
        db.execute("INSERT INTO " + q(table) + " (id, wm, v) VALUES (1, 1, " + floats.get(0) + "), (2, 1, "
                + floats.get(1) + "), (3, 1, " + floats.get(2) + "), (4, 1, 1.5), (5, 1, NULL)");
        Path config = config(entry("\"watermark\": \"wm\""));
        runOk(config);
        assertEqualVerdict(verify(config));
        assertEquals(3, EarlierFloats.rewrite(replicaPath(), table, "v", null, null));
        assertEqualVerdict(verify(config));

        Object before = ReplicaReader.single(replicaPath(), "SELECT v FROM \"" + table + "\" WHERE id = 2");
        ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET v = v + v * 2.220446049250313e-16 WHERE id = 2");
        assertNotEquals(before, ReplicaReader.single(replicaPath(), "SELECT v FROM \"" + table + "\" WHERE id = 2"));
        CliRun changed = verify(config);
        assertEquals(1, changed.status, changed::toString);
        assertEquals(List.of("2"), keys(verdict(changed), "different"), changed::toString);
    }

    /** An SQLite assignment that changes the column's value a little, whatever its storage class. */
    private static String plant(String column) {
        return column + " = CASE typeof(" + column + ")"
                + " WHEN 'integer' THEN " + column + " + 1"
                + " WHEN 'real' THEN CASE WHEN " + column + " = 0 THEN 5e-324 WHEN " + column + " = 9e999 THEN 1.0"
                + " WHEN " + column + " = -9e999 THEN -1.0 WHEN abs(" + column + ") < 1e-290 THEN " + column + " * 2"
                + " WHEN abs(" + column + ") > 1e300 THEN " + column + " / 2"
                + " ELSE " + column + " + " + column + " * 2.220446049250313e-16 END"
                + " WHEN 'text' THEN " + column + " || ' '"
                + " WHEN 'blob' THEN CAST(" + column + " || x'00' AS BLOB)"
                + " ELSE '' END";
    }

    @Test
    void plantedDriftIsFoundWithItsKeys() throws Exception {
        createItems(true);
        for (int id = 1; id <= 20; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), id == 11 ? "" : "row " + id);
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));

        // Behind replicate's back at the source: an update that leaves the watermark, a delete.
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3",
                "DELETE FROM " + q(table) + " WHERE id = 5");
        // By hand in the replica: a delete, an edit, the empty text made NULL, and a row the source never
        // had (under "keep", verify cannot tell it from a row deleted at the source).
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, updated_at, name) VALUES (0, 'x', 'n')",
                "DELETE FROM \"" + table + "\" WHERE id = 7",
                "UPDATE \"" + table + "\" SET name = 'edited' WHERE id = 9",
                "UPDATE \"" + table + "\" SET name = NULL WHERE id = 11");
        // Not differences: a new row and an update past the cursor, which the next run pulls.
        insert(50, "2024-01-03 00:00:00", "new");
        db.execute("UPDATE " + q(table) + " SET name = 'later', updated_at = " + db.timestampLiteral("2024-01-03 00:00:00")
                + " WHERE id = 13");

        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("7"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("3", "9", "11"), keys(verdict, "different"), result::toString);
        assertEquals(List.of(), keys(verdict, "extra"), result::toString);
        assertEquals(List.of("0", "5"), keys(verdict, "kept"), result::toString);

        CliRun plain = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, plain.status, plain::toString);
        assertEquals(table + ": 1 missing (7); 3 different (3, 9, 11); 2 " + KEPT_BY_CHOICE + " (0, 5)",
                plain.out.strip());
    }

    /**
     * A table without a primary key is compared as a multiset of rows, each named by its watermark: two
     * identical rows are two rows, a row changed without its watermark moving is its new values missing
     * and its old ones kept (an append-only table keeps every row it stored), and rows past the cursor are
     * no difference.
     */
    @Test
    void aTableWithoutAKeyIsComparedByItsRowsNamedByTheirWatermark() throws Exception {
        createItems(false);
        for (int id = 1; id <= 20; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), "row " + id);
        }
        insert(21, "2024-01-01 10:21:00", "twin");
        insert(21, "2024-01-01 10:21:00", "twin");
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));

        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3",
                "DELETE FROM " + q(table) + " WHERE id = 5");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id = 7",
                "DELETE FROM \"" + table + "\" WHERE rowid = (SELECT max(rowid) FROM \"" + table + "\" WHERE id = 21)");
        // Not differences: a new row past the cursor; a row updated past it is its old values kept.
        insert(50, "2024-01-03 00:00:00", "new");
        db.execute("UPDATE " + q(table) + " SET name = 'later', updated_at = " + db.timestampLiteral("2024-01-03 00:00:00")
                + " WHERE id = 13");

        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("2024-01-01 10:03:00", "2024-01-01 10:07:00", "2024-01-01 10:21:00"),
                keys(verdict, "missing"), result::toString);
        assertEquals(List.of(), keys(verdict, "different"), result::toString);
        assertEquals(List.of("2024-01-01 10:03:00", "2024-01-01 10:05:00", "2024-01-01 10:13:00"),
                keys(verdict, "kept"), result::toString);
        assertEquals(2, verdict.get("sourceQueries").getAsLong(), result::toString);
    }

    /**
     * The rows of a table without a key are named by a decimal watermark's value, listed by value: 9 before
     * 10 (their texts, which the replica stores, sort the other way).
     */
    @Test
    void rowsNamedByADecimalWatermarkAreListedByValue() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (seq DECIMAL(20,0) NOT NULL, v VARCHAR(20))",
                "INSERT INTO " + q(table) + " VALUES (9, 'nine'), (10, 'ten'), (100, 'hundred')");
        Path config = config(entry("\"watermark\": \"seq\""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE v IN ('nine', 'ten')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals(List.of("9", "10"), keys(verdict(result), "missing"), result::toString);
    }

    /** The rows of an equal table without a key are read once on each side: one source query. */
    @Test
    void anEqualTableWithoutAKeyCostsOnePassPerSide() throws Exception {
        createItems(false);
        db.execute(insertMany(table, 3000));
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun result = verify(config);
        assertEqualVerdict(result);
        assertEquals(1, verdict(result).get("sourceQueries").getAsLong(), result::toString);
    }

    @Test
    void aRowGoneFromTheSourceIsExtraUnderSoftDeletes() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, deleted_at " + db.timestampType() + " NULL, name VARCHAR(20))");
        for (int id = 1; id <= 5; id++) {
            db.execute("INSERT INTO " + q(table) + " VALUES (" + id + ", " + db.timestampLiteral("2024-01-01 10:0" + id
                    + ":00") + ", NULL, 'n')");
        }
        Path config = config(tableBlock("\"deletes\": {\"softDelete\": \"deleted_at\"}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id = 2");
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, updated_at, name) VALUES (3, 'x', 'n')"
                .replace("(3,", "(0,"));
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals(List.of("0", "2"), keys(verdict(result), "extra"), result::toString);
    }

    /**
     * A bulk load: every row shares one watermark, which is also the stored cursor. After a run that
     * ended well every row on that value is in the replica (the cursor read is inclusive), so drift
     * among them is drift, not "the next run reads it again".
     */
    @Test
    void rowsOnTheCursorValueAreJudgedAfterARunThatEndedWell() throws Exception {
        bulkLoadWithDrift();
        CliRun result = verify(config(tableBlock("")));
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(false, verdict.get("equal").getAsBoolean(), result::toString);
        assertEquals(1000, count(verdict, "missing"), result::toString);
        assertEquals(101 + 11, count(verdict, "different"), result::toString);
        assertEquals(0, count(verdict, "unverified"), result::toString);
        assertEquals(List.of("1", "2"), keys(verdict, "missing").subList(0, 2), result::toString);
    }

    /**
     * The same drift after a run that did not end well (it failed; or it was killed after committing a
     * page, which leaves last_ok from the run before but a newer last_run_ts): the replica may hold
     * only some rows of the cursor's value, so they cannot be judged. Never equal: "unverified", exit
     * 1, and a run that ends well settles them.
     */
    @Test
    void rowsOnTheCursorValueAreUnverifiedAfterARunThatDidNotEndWell() throws Exception {
        bulkLoadWithDrift();
        Path config = config(tableBlock(""));
        // The newer last_run_ts no longer matches own_columns_run_ts, which also reads as another release
        // having run the table since (its columns under the looser check of TableColumns#otherReleaseRanSince):
        // no matter here, where the table has no column the record lacks; the run below writes the record again.
        for (String lastRun : List.of("UPDATE _replicate_watermarks SET last_ok = 0",
                "UPDATE _replicate_watermarks SET last_ok = 1, last_run_ts = '2999-01-01T00:00:00Z'")) {
            ReplicaReader.edit(replicaPath(), lastRun);
            CliRun result = verify(config);
            assertEquals(1, result.status, result::toString);
            JsonObject verdict = verdict(result);
            assertEquals(false, verdict.get("equal").getAsBoolean(), result::toString);
            assertEquals(1000 + 101 + 11, count(verdict, "unverified"), result::toString);
            assertEquals(0, count(verdict, "missing") + count(verdict, "different"), result::toString);

            CliRun plain = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
            assertEquals(1, plain.status, plain::toString);
            assertEquals(table + ": 1112 could not be judged, on the cursor's value after a run that did not finish"
                    + " (run `replicate run`, then verify again) (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...)",
                    plain.out.strip(), plain::toString);
        }
        runOk(config);
        assertEqualVerdict(verify(config));
    }

    /** 5000 rows on one watermark, synced; then 1000 deleted and 101 edited by hand, 11 updated at the source. */
    private void bulkLoadWithDrift() throws Exception {
        createItems(true);
        db.execute(insertMany(table, 5000), "UPDATE " + q(table) + " SET updated_at = "
                + db.timestampLiteral("2024-03-01 12:00:00.5"));
        runOk(config(tableBlock("")));
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id <= 1000",
                "UPDATE \"" + table + "\" SET name = 'x' WHERE id BETWEEN 2000 AND 2100");
        db.execute("UPDATE " + q(table) + " SET name = 'y' WHERE id BETWEEN 3000 AND 3010");
    }

    private static long count(JsonObject verdict, String kind) {
        return verdict.getAsJsonObject(kind).get("count").getAsLong();
    }

    /**
     * Under reconcile the replica follows the source's deletes and its where: a row deleted there, one
     * the where leaves out now, and one typed into the replica by hand are all extra.
     */
    @Test
    void rowsNotAtTheSourceAreExtraUnderReconcile() throws Exception {
        createItems(true);
        for (int id = 1; id <= 6; id++) {
            insert(id, "2024-01-01 10:0" + id + ":00", "n");
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock("\"where\": \"name <> 'hidden'\", \"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        assertEqualVerdict(verify(config));
        db.execute("DELETE FROM " + q(table) + " WHERE id = 2", "UPDATE " + q(table) + " SET name = 'hidden' WHERE id = 4");
        ReplicaReader.edit(replicaPath(), "INSERT INTO \"" + table + "\" (id, updated_at, name) VALUES (0, 'x', 'n')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("0", "2", "4"), keys(verdict, "extra"), result::toString);
        assertEquals(List.of(), keys(verdict, "kept"), result::toString);
    }

    @Test
    void textKeysAreCutIntoTheSameRangesOnBothSides() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (code VARCHAR(20) NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL, name VARCHAR(20))");
        List<String> codes = List.of("a", "B", "\u00e9", "Z", "zz", "_x", "~", "\u4e2d", "\uD83D\uDE00", "0");
        for (int i = 0; i < codes.size(); i++) {
            db.execute("INSERT INTO " + q(table) + " VALUES ('" + codes.get(i) + "', "
                    + db.timestampLiteral("2024-01-01 10:0" + i + ":00") + ", 'n')");
        }
        db.execute("INSERT INTO " + q(table) + " VALUES ('newest', " + db.timestampLiteral("2024-01-02 00:00:00")
                + ", 'n')");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE code = '\u00e9'");
        CliRun result = verify(config);
        assertEquals(List.of("\u00e9"), keys(verdict(result), "missing"), result::toString);
    }

    /**
     * A text key the source orders by its bytes (see {@link #bytewiseTextKeyType}), compared as itself so
     * that its index serves each range: edge keys (case, accents, emoji, prefixes of each other, trailing
     * spaces, a tab, the empty text) and 20,000 more, so that there are several first ranges and bisection.
     * Planted drift is found with its keys, the repair puts it right, and a second verify says equal.
     */
    @Test
    void aKeyTheSourceOrdersByItsBytesIsComparedAndRepairedExactly() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (k " + bytewiseTextKeyType() + " NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL, v VARCHAR(40))");
        List<String> keys = new ArrayList<>(List.of("a", "A", "ab", "a b", "a\t", "a ", "a  ", "b", "B", "\u00e9",
                "e\u0301", "\uD83D\uDE00", "\uD83D\uDE00a", "Zebra", "zebra", "", "~", "0", "\u4e2d"));
        List<String> prefixes = List.of("k", "K", "\u00e9", "\u4e2d", "\uD83D\uDE00");
        for (int i = 0; i < 20_000; i++) {
            keys.add(prefixes.get(i % prefixes.size()) + (i / prefixes.size()));
        }
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2024, 1, 1, 0, 0);
        for (int from = 0; from < keys.size(); from += 1000) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (k, updated_at, v) VALUES ");
            for (int i = from; i < Math.min(from + 1000, keys.size()); i++) {
                sql.append(i == from ? "" : ", ").append("('").append(keys.get(i)).append("', ")
                        .append(db.timestampLiteral(start.plusSeconds(i).toString().replace('T', ' ')))
                        .append(", 'v").append(i).append("')");
            }
            db.execute(sql.toString());
        }
        db.execute("INSERT INTO " + q(table) + " VALUES ('newest', " + db.timestampLiteral("2024-03-01 00:00:00")
                + ", 'n')");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        assertEqualVerdict(verify(config));

        // At the source behind replicate's back: an update that leaves the watermark, a delete.
        db.execute("UPDATE " + q(table) + " SET v = 'changed' WHERE k = '\u00e917'",
                "UPDATE " + q(table) + " SET v = 'changed' WHERE k = 'a'",
                "DELETE FROM " + q(table) + " WHERE k = 'K5'");
        // By hand in the replica: a delete and edits of keys that differ only by their trailing blanks.
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE k = 'a\t'",
                "UPDATE \"" + table + "\" SET v = 'edited' WHERE k = 'a '",
                "UPDATE \"" + table + "\" SET v = 'edited' WHERE k = 'k3000'",
                "INSERT INTO \"" + table + "\" (k, updated_at, v) VALUES ('A ', '2024-01-01 00:00:00', 'x')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        // In the order of their UTF-8 bytes.
        assertEquals(List.of("a\t"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("a", "a ", "k3000", "\u00e917"), keys(verdict, "different"), result::toString);
        assertEquals(List.of("A ", "K5"), keys(verdict, "extra"), result::toString);

        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        assertTrue(verdict(repaired).getAsJsonObject("repair").get("complete").getAsBoolean(), repaired::toString);
        assertEqualVerdict(verify(config));
        // K5 deleted at the source, the newest row added.
        assertEquals(keys.size(), ReplicaReader.count(replicaPath(), table));
        assertEquals("changed", ReplicaReader.single(replicaPath(), "SELECT v FROM \"" + table + "\" WHERE k = 'a'"));
        assertEquals("v5", ReplicaReader.single(replicaPath(), "SELECT v FROM \"" + table + "\" WHERE k = 'a '"));
    }

    /**
     * A key of two columns, a text then an integer: ranges are cut at key tuples (the text compared by
     * its bytes on both sides), drift is named by its tuples, and a repair puts it right. 30 regions of
     * 700 rows: the first ranges' bounds fall inside regions, so a range starts and ends mid-way through
     * one, and bisection cuts further inside them.
     */
    @Test
    void compositeKeysAreComparedByRangesOfTheirTuplesAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (region VARCHAR(20) NOT NULL, id BIGINT NOT NULL, updated_at "
                + db.timestampType() + " NOT NULL, name VARCHAR(40), PRIMARY KEY (region, id))");
        List<String> regions = new ArrayList<>(List.of("a", "B", "\u00e9", "Z", "_x", "\u4e2d", "0"));
        for (int i = regions.size(); i < 30; i++) {
            regions.add("r" + i);
        }
        for (int r = 0; r < regions.size(); r++) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (region, id, updated_at, name) VALUES ");
            for (int id = 1; id <= 700; id++) {
                sql.append(id == 1 ? "" : ", ").append("('").append(regions.get(r)).append("', ").append(id).append(", ")
                        .append(db.timestampLiteral(String.format("2024-01-%02d %02d:%02d:00", r + 1, id / 60, id % 60)))
                        .append(", 'n')");
            }
            db.execute(sql.toString());
        }
        db.execute("INSERT INTO " + q(table) + " VALUES ('zz', 1, " + db.timestampLiteral("2024-03-01 00:00:00")
                + ", 'newest')");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        assertEqualVerdict(verify(config));

        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE region = 'B' AND id = 5",
                "DELETE FROM " + q(table) + " WHERE region = 'r20' AND id = 300");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE region = '\u00e9' AND id = 7",
                "UPDATE \"" + table + "\" SET name = 'edited' WHERE region = 'r9' AND id = 700",
                "DELETE FROM \"" + table + "\" WHERE region = 'r12' AND id BETWEEN 100 AND 400");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(302, count(verdict, "missing"), result::toString);
        assertEquals("[\"r12\",100]", verdict.getAsJsonObject("missing").getAsJsonArray("keys").get(0).toString(),
                result::toString);
        assertEquals(List.of("[\"B\",5]", "[\"r9\",700]"), tuples(verdict, "different"), result::toString);
        assertEquals(List.of("[\"r20\",300]"), tuples(verdict, "extra"), result::toString);
        CliRun plain = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertTrue(plain.out.contains("2 different ((B, 5), (r9, 700)); 1 extra ((r20, 300))"), plain::toString);

        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        assertTrue(verdict(repaired).getAsJsonObject("repair").get("complete").getAsBoolean(), repaired::toString);
        assertEqualVerdict(verify(config));
        assertEquals(30 * 700, ReplicaReader.count(replicaPath(), table));
        assertEquals("changed", ReplicaReader.single(replicaPath(), "SELECT name FROM \"" + table
                + "\" WHERE region = 'B' AND id = 5"));
    }

    /** The fractions of a second the date-and-time key tests cycle through: every width, close to each other. */
    private static final String[] FRACTIONS = {"", ".000001", ".1", ".12", ".123456", ".5"};

    /**
     * Key {@code i} of the date-and-time key tests, as the replica stores it: six keys in each second, one
     * of each of {@link #FRACTIONS}, so that a range's bound falls between timestamps a microsecond or a few
     * apart (the first pass cuts after rows 8192 and 16384: keys 8191, 8192, 16383 and 16384 sit on both
     * sides of its bounds).
     */
    private static String timestampKey(int i) {
        return java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i / FRACTIONS.length)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + FRACTIONS[i % FRACTIONS.length];
    }

    /** Inserts {@code rows} rows, keyed by {@link #timestampKey} (and {@code keyPrefix}'s columns before it). */
    private void insertTimestampKeys(String columns, String keyPrefix, int from, int rows) {
        for (int start = from; start < from + rows; start += 1000) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (" + columns + ") VALUES ");
            for (int i = start; i < Math.min(start + 1000, from + rows); i++) {
                sql.append(i == start ? "" : ", ").append("(").append(keyPrefix)
                        .append(db.timestampLiteral(timestampKey(i))).append(", ")
                        .append(db.timestampLiteral(timestampKey(i % 1000))).append(", 'v").append(i).append("')");
            }
            db.execute(sql.toString());
        }
    }

    /**
     * A timestamp key is cut into ranges at the text the replica stores (whose byte order is the values'
     * order), the source comparing its own values with each bound cast back to its type, so that its index
     * serves the range: 20,000 keys a microsecond or a fraction apart at every width of fraction verify
     * equal; drift on both sides of the first pass's bounds is found, named by the stored text, and
     * repaired. Keys typed into the replica that are no stored text of a value (a trailing zero, a word)
     * bound no range: they are extra like any row the source has not.
     */
    @Test
    void aTimestampKeyIsCutIntoRangesAtItsStoredTextAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (ts " + db.timestampType() + " NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL, v VARCHAR(40))");
        insertTimestampKeys("ts, updated_at, v", "", 0, 20_000);
        db.execute("INSERT INTO " + q(table) + " VALUES (" + db.timestampLiteral("2030-01-01 00:00:00") + ", "
                + db.timestampLiteral("2024-03-01 00:00:00") + ", 'newest')");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        assertEqualVerdict(verify(config));

        db.execute("UPDATE " + q(table) + " SET v = 'changed' WHERE ts = " + db.timestampLiteral(timestampKey(8191)),
                "UPDATE " + q(table) + " SET v = 'changed' WHERE ts = " + db.timestampLiteral(timestampKey(8192)),
                "DELETE FROM " + q(table) + " WHERE ts = " + db.timestampLiteral(timestampKey(16384)));
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE ts = '" + timestampKey(16383) + "'",
                "UPDATE \"" + table + "\" SET v = 'edited' WHERE ts = '" + timestampKey(5) + "'",
                "INSERT INTO \"" + table + "\" (ts, updated_at, v) VALUES ('2024-01-01 00:00:00.50', 'x', 'x'),"
                        + " ('infinity', 'x', 'x')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of(timestampKey(16383)), keys(verdict, "missing"), result::toString);
        assertEquals(List.of(timestampKey(5), timestampKey(8191), timestampKey(8192)), keys(verdict, "different"),
                result::toString);
        assertEquals(List.of("2024-01-01 00:00:00.50", timestampKey(16384), "infinity"), keys(verdict, "extra"),
                result::toString);

        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        assertTrue(verdict(repaired).getAsJsonObject("repair").get("complete").getAsBoolean(), repaired::toString);
        assertEqualVerdict(verify(config));
        assertEquals(20_000, ReplicaReader.count(replicaPath(), table));
        assertEquals("changed", ReplicaReader.single(replicaPath(), "SELECT v FROM \"" + table + "\" WHERE ts = '"
                + timestampKey(8192) + "'"));
    }

    /**
     * A key of an integer and a timestamp (a time series: device and time) is cut at its tuples, the
     * timestamp compared as the source's own value: drift is named by its tuples and repaired.
     */
    @Test
    void aKeyOfAnIntegerAndATimestampIsComparedAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (device_id INTEGER NOT NULL, ts " + db.timestampType()
                + " NOT NULL, updated_at " + db.timestampType() + " NOT NULL, v VARCHAR(40), PRIMARY KEY (device_id, ts))");
        for (int device = 1; device <= 3; device++) {
            insertTimestampKeys("device_id, ts, updated_at, v", device + ", ", 0, 7000);
        }
        db.execute("INSERT INTO " + q(table) + " VALUES (9, " + db.timestampLiteral("2030-01-01 00:00:00") + ", "
                + db.timestampLiteral("2024-03-01 00:00:00") + ", 'newest')");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        assertEqualVerdict(verify(config));

        db.execute("UPDATE " + q(table) + " SET v = 'changed' WHERE device_id = 2 AND ts = "
                + db.timestampLiteral(timestampKey(1191)));
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE device_id = 3 AND ts = '"
                + timestampKey(4) + "'");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("[3,\"" + timestampKey(4) + "\"]"), tuples(verdict, "missing"), result::toString);
        assertEquals(List.of("[2,\"" + timestampKey(1191) + "\"]"), tuples(verdict, "different"), result::toString);
        CliRun plain = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertTrue(plain.out.contains("1 missing ((3, " + timestampKey(4) + ")); 1 different ((2, "
                + timestampKey(1191) + "))"), plain::toString);

        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        assertEqualVerdict(verify(config));
        assertEquals(21_001, ReplicaReader.count(replicaPath(), table));
    }

    /** A date key: its stored text (2024-01-31) is cut into ranges as a timestamp's is. */
    @Test
    void aDateKeyIsComparedAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (d DATE NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, v VARCHAR(40))");
        java.time.LocalDate first = java.time.LocalDate.of(1000, 1, 1);
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " VALUES ");
        for (int i = 0; i < 1500; i++) {
            sql.append(i == 0 ? "" : ", ").append("('").append(first.plusDays(i * 2000L)).append("', ")
                    .append(db.timestampLiteral(timestampKey(i))).append(", 'v").append(i).append("')");
        }
        db.execute(sql.toString(), "INSERT INTO " + q(table) + " VALUES ('9999-12-31', "
                + db.timestampLiteral("2024-03-01 00:00:00") + ", 'newest')");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEqualVerdict(verify(config));
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE d = '" + first.plusDays(1000 * 2000L)
                + "'", "UPDATE \"" + table + "\" SET v = 'edited' WHERE d = '" + first.plusDays(2000L) + "'");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of(first.plusDays(1000 * 2000L).toString()), keys(verdict, "missing"), result::toString);
        assertEquals(List.of(first.plusDays(2000L).toString()), keys(verdict, "different"), result::toString);
        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        assertEqualVerdict(verify(config));
    }

    /**
     * A date or time key of a query entry (read as a derived table, its values checked over the query) and of
     * a full table is cut at its stored text as a table's is.
     */
    @Test
    void aTimestampKeyOfAQueryEntryAndOfAFullTableIsCompared() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (ts " + db.timestampType() + " NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL, v VARCHAR(40))");
        insertTimestampKeys("ts, updated_at, v", "", 0, 1200);
        db.execute("INSERT INTO " + q(table) + " VALUES (" + db.timestampLiteral("2030-01-01 00:00:00") + ", "
                + db.timestampLiteral("2024-03-01 00:00:00") + ", 'newest')");
        String query = table + "_query";
        String full = table + "_full";
        Path config = config("{\"query\": \"SELECT ts, updated_at, v FROM " + q(table).replace("\"", "\\\"")
                        + " WHERE v <> 'v7'\", \"target\": \"" + query + "\", \"primaryKey\": \"ts\", \"watermark\":"
                        + " \"updated_at\"}",
                "{\"name\": \"" + table + "\", \"target\": \"" + full + "\", \"mode\": \"full\"}");
        runOk(config);
        CliRun equal = verify(config);
        assertEquals(0, equal.status, equal::toString);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + query + "\" WHERE ts = '" + timestampKey(601) + "'",
                "UPDATE \"" + full + "\" SET v = 'edited' WHERE ts = '" + timestampKey(1000) + "'");
        CliRun result = verify(config, query);
        assertEquals(1, result.status, result::toString);
        assertEquals(List.of(timestampKey(601)), keys(verdict(result), "missing"), result::toString);
        result = verify(config, full);
        assertEquals(1, result.status, result::toString);
        assertEquals(List.of(timestampKey(1000)), keys(verdict(result), "different"), result::toString);
    }

    private static List<String> tuples(JsonObject verdict, String kind) {
        List<String> keys = new ArrayList<>();
        for (JsonElement key : verdict.getAsJsonObject(kind).getAsJsonArray("keys")) {
            keys.add(key.toString());
        }
        return keys;
    }

    /**
     * A column added at the source that no run has added to the replica yet: SQLite would read the
     * unknown "tag" as the text 'tag' (what the source's default holds), and the table verify equal. It
     * cannot be verified until a run adds the column; nor repaired.
     */
    @Test
    void aColumnTheReplicaDoesNotHaveYetIsNotVerified() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "one");
        insert(100, "2024-01-02 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN tag VARCHAR(10) DEFAULT 'tag'");
        String reason = "the SQLite table has no column tag yet: run `replicate run` first, which adds it";
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals(reason, verdict(result).get("error").getAsString(), result::toString);
        CliRun repair = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString(),
                "--repair");
        assertEquals(1, repair.status, repair::toString);
        assertEquals(table + ": cannot verify, so not repaired: " + reason, repair.out.strip(), repair::toString);
    }

    /**
     * A value column retyped at the source (int to text) is refused by run until a reset; verify and
     * repair refuse the table with run's reason, instead of calling every row different and rewriting
     * the rows as text into the integer column.
     */
    @Test
    void aValueColumnRetypedAtTheSourceIsRefusedAsRunRefusesIt() throws Exception {
        assertRefusedAsRunRefuses("qty");
    }

    /** The same for a key column (an integer made text), which made ranges of unlike keys on each side. */
    @Test
    void aKeyColumnRetypedAtTheSourceIsRefusedAsRunRefusesIt() throws Exception {
        assertRefusedAsRunRefuses("id");
    }

    private void assertRefusedAsRunRefuses(String column) throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, qty INT)");
        for (int id = 1; id <= 5; id++) {
            db.execute("INSERT INTO " + q(table) + " VALUES (" + id + ", " + db.timestampLiteral("2024-01-01 10:0" + id
                    + ":00") + ", " + id * 10 + ")");
        }
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        List<List<Object>> before = ReplicaReader.query(replicaPath(), "SELECT * FROM \"" + table + "\" ORDER BY id");
        db.execute(db.retypeColumn(table, column, "VARCHAR(20)"));
        CliRun run = run(config);
        assertEquals(1, run.status, run::toString);

        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        String reason = verdict(result).get("error").getAsString();
        assertTrue(reason.contains("run `replicate reset " + table + "`") && run.err.contains(reason),
                "verify: " + result + "\nrun: " + run);
        CliRun repair = verify(config, "--repair");
        assertEquals(1, repair.status, repair::toString);
        assertEquals(reason, verdict(repair).get("error").getAsString(), repair::toString);
        assertEquals(before, ReplicaReader.query(replicaPath(), "SELECT * FROM \"" + table + "\" ORDER BY id"));
    }

    /**
     * A where changed since the rows were read: the cursor held for the old one, and the next run reads
     * the table again from the start. Until then rows the new where lets in behind the cursor are not in
     * the replica, and verify called them missing (and a repair wrote them past the cursor's rules): the
     * table is not verified, nor repaired, until that run; after it, it verifies equal.
     */
    @Test
    void aWhereChangedSinceTheRowsWereReadIsVerifiedAfterTheNextRun() throws Exception {
        createItems(true);
        for (int id = 1; id <= 6; id++) {
            insert(id, "2024-01-01 10:0" + id + ":00", id % 2 == 0 ? "even" : "odd");
        }
        insert(100, "2024-01-02 00:00:00", "even");
        runOk(config(tableBlock("\"where\": \"name = 'even'\"")));
        Path config = config(tableBlock("\"where\": \"name = 'odd'\""));
        List<List<Object>> before = ReplicaReader.query(replicaPath(), "SELECT * FROM \"" + table + "\" ORDER BY id");
        String reason = "its where changed since its rows were read: the next run reads the table again from the"
                + " start; verify it after that";
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals(reason, verdict(result).get("error").getAsString(), result::toString);
        CliRun repair = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString(),
                "--repair");
        assertEquals(1, repair.status, repair::toString);
        assertEquals(table + ": cannot verify, so not repaired: " + reason, repair.out.strip(), repair::toString);
        assertEquals(before, ReplicaReader.query(replicaPath(), "SELECT * FROM \"" + table + "\" ORDER BY id"));
        runOk(config);
        assertEqualVerdict(verify(config));
    }

    /**
     * A soft-delete column configured since the rows were read: rows marked deleted behind the cursor are
     * still in the replica until the next run reads the table again, so verify says why it cannot tell
     * yet, naming the soft-delete column as what changed (not the where); after that run, it verifies equal.
     */
    @Test
    void aSoftDeleteColumnConfiguredSinceTheRowsWereReadIsVerifiedAfterTheNextRun() throws Exception {
        createItems(true);
        db.execute("ALTER TABLE " + q(table) + " ADD gone " + db.timestampType() + " NULL");
        insert(1, "2024-01-01 10:00:00", "one");
        insert(2, "2024-01-01 11:00:00", "two");
        runOk(config(tableBlock("")));
        // Marked deleted behind the cursor (as it was before the column was configured, say).
        db.execute("UPDATE " + q(table) + " SET gone = " + db.timestampLiteral("2024-02-01 00:00:00") + " WHERE id = 1");
        Path config = config(tableBlock("\"deletes\": {\"softDelete\": \"gone\"}"));
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals("its soft-delete column (\"deletes\": {\"softDelete\": ...}) changed since its rows were read:"
                + " the next run reads the table again from the start; verify it after that",
                verdict(result).get("error").getAsString(), result::toString);
        runOk(config);
        assertEqualVerdict(verify(config));
    }

    /**
     * Another run (or verify) holds the lock: verify steps aside (75) and says so, as run does with -v,
     * since a person started it; with --json, stdout holds a JSON object saying so.
     */
    @Test
    void aHeldLockIsSaidAndGivenInJson() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "one");
        Path config = config(tableBlock(""));
        runOk(config);
        String message = "another run holds the lock on " + replicaPath() + "; stepping aside";
        try (ReplicaLock held = ReplicaLock.tryAcquire(replicaPath()).orElseThrow()) {
            CliRun plain = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
            assertEquals(75, plain.status, plain::toString);
            assertEquals("", plain.out, plain::toString);
            assertEquals("replicate: " + message, plain.err.strip(), plain::toString);
            CliRun json = verify(config, "--repair");
            assertEquals(75, json.status, json::toString);
            JsonObject object = JsonParser.parseString(json.out).getAsJsonObject();
            assertTrue(object.get("locked").getAsBoolean(), json::toString);
            assertEquals(message, object.get("error").getAsString(), json::toString);
            assertEquals("replicate: " + message, json.err.strip(), json::toString);
        }
    }

    /**
     * A "where" the server refuses fails the table with the where's JSON path, at run and at verify (a
     * NOT NULL watermark: MySQL's run asks nothing with the filter before the read itself).
     */
    @Test
    void aFailingWhereIsNamedByItsJsonPath() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, name VARCHAR(20))");
        insert(1, "2024-01-01 10:00:00", "one");
        runOk(config(tableBlock("")));
        Path config = config(tableBlock("\"where\": \"nosuch = 1\""));
        String path = "$[0].tables[0].where does not run on ";
        CliRun run = run(config);
        assertEquals(1, run.status, run::toString);
        assertTrue(run.err.contains(table + " failed: " + path), run::toString);
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(verdict(result).get("error").getAsString().startsWith(path), result::toString);
    }

    /** A target typed in another case than the configuration's gets run's hint. */
    @Test
    void aTargetInAnotherCaseGetsRunsHint() {
        createItems(true);
        Path config = config(tableBlock(""));
        CliRun result = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString(),
                table.toUpperCase(java.util.Locale.ROOT));
        assertEquals(2, result.status, result::toString);
        assertTrue(result.err.contains("no configured table has the target \"" + table.toUpperCase(java.util.Locale.ROOT)
                + "\"; targets are matched as the configuration spells them: \"" + table + "\"?"), result::toString);
    }

    @Test
    void bisectionReadsAFewRangesNotTheTable() throws Exception {
        createItems(true);
        db.execute(insertMany(table, 100_000));
        insert(200_000, "2030-01-01 00:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun equal = verify(config);
        assertEqualVerdict(equal);
        long onePass = verdict(equal).get("sourceQueries").getAsLong();
        assertEquals(100_001 / TableVerifier.RANGE_ROWS + 1, onePass, "an equal table: one query per range");

        db.execute(IntStream.of(17, 50_000, 99_999).mapToObj(id -> "UPDATE " + q(table)
                + " SET name = 'drift' WHERE id = " + id).toArray(String[]::new));
        CliRun result = verify(config);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("17", "50000", "99999"), keys(verdict, "different"), result::toString);
        long queries = verdict.get("sourceQueries").getAsLong();
        // Each differing row costs the ranges around it, about FANOUT per level: a few hundred queries at
        // most, against 100,000 rows.
        assertTrue(queries < onePass + 3 * 2 * TableVerifier.FANOUT + 3 + 1, "source queries: " + queries);
    }

    /**
     * A query entry is compared by key ranges over its query, read as a derived table as a run reads it:
     * drift in the rows the query returns is found; rows past the cursor are no difference.
     */
    @Test
    void aQueryEntryIsComparedByRangesOverItsQuery() throws Exception {
        createItems(true);
        for (int id = 1; id <= 20; id++) {
            insert(id, String.format("2024-01-01 10:%02d:00", id), "row " + id);
        }
        insert(100, "2024-01-02 00:00:00", "newest");
        String query = table + "_query";
        Path config = config("{\"query\": \"SELECT id, updated_at, upper(name) AS name FROM "
                + q(table).replace("\"", "\\\"") + " WHERE id <> 4\", \"target\": \"" + query
                + "\", \"primaryKey\": \"id\", \"watermark\": \"updated_at\"}");
        runOk(config);
        assertEqualVerdict(verify(config));

        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 3", "DELETE FROM " + q(table) + " WHERE id = 5",
                "UPDATE " + q(table) + " SET name = 'not returned' WHERE id = 4");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + query + "\" WHERE id = 7");
        insert(50, "2024-01-03 00:00:00", "new");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("7"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("3"), keys(verdict, "different"), result::toString);
        assertEquals(List.of("5"), keys(verdict, "kept"), result::toString);
    }

    /**
     * A full table has no cursor: every source row within its "where" is expected, as its last run copied
     * them, so a row changed at the source since is a difference, and the line says the replica is as of
     * that run. Rows the source no longer has are extra (the next run drops them). Without a key nothing
     * names its rows: not covered, said.
     */
    @Test
    void aFullTableIsComparedWithTheSourceNow() throws Exception {
        createItems(true);
        for (int id = 1; id <= 5; id++) {
            insert(id, "2024-01-01 10:0" + id + ":00", "row " + id);
        }
        insert(7, "2024-01-01 11:00:00", "left out");
        String keyless = table + "_keyless";
        db.execute("CREATE TABLE " + q(keyless) + " (id BIGINT NOT NULL, name VARCHAR(100))",
                "INSERT INTO " + q(keyless) + " VALUES (1, 'one')");
        Path config = config(entry("\"mode\": \"full\", \"where\": \"id <> 7\""),
                "{\"name\": \"" + keyless + "\", \"mode\": \"full\"}");
        runOk(config);
        CliRun fresh = verify(config, table);
        assertEqualVerdict(fresh);
        // In JSON the note is given with every full table's verdict; on a line, only with differences.
        assertTrue(verdict(fresh).get("note").getAsString().startsWith("a full table holds"), fresh::toString);

        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 2", "DELETE FROM " + q(table) + " WHERE id = 3");
        insert(6, "2024-01-01 10:06:00", "new");
        insert(8, "2024-01-01 10:08:00", "left out");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE id = 4");
        CliRun result = verify(config, table);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("4", "6", "8"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("2"), keys(verdict, "different"), result::toString);
        assertEquals(List.of("3"), keys(verdict, "extra"), result::toString);
        assertTrue(verdict.get("note").getAsString().startsWith("a full table holds the source as of its last"
                + " successful run ("), result::toString);

        CliRun plain = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, plain.status, plain::toString);
        List<String> lines = plain.out.strip().lines().toList();
        assertTrue(lines.get(0).startsWith(table + ": 3 missing (4, 6, 8); 1 different (2); 1 extra (3); a full table"
                + " holds the source as of its last successful run ("), plain::toString);
        assertTrue(lines.get(0).endsWith("): a row changed at the source since then differs until the next run"),
                plain::toString);
        assertEquals(keyless + ": cannot verify: is a full table without a primary key: nothing names its rows (it"
                + " has no watermark either), so verify does not cover it yet; set \"primaryKey\" to verify it",
                lines.get(1), plain::toString);
    }
}
