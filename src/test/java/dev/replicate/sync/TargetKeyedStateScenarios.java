package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableState;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state kept by target (state version 2, issue #15): one source table feeding several targets, a
 * target given to another table, and a file written by the release before (state version 1) carried on
 * without a re-sync. One subclass per server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TargetKeyedStateScenarios {
    protected TestDatabase db;

    @TempDir
    Path dir;

    /** The database under test, created once for the class. */
    protected abstract TestDatabase createDatabase();

    /** The name of the fixture files and source SQL in src/test/resources/dev/replicate/state/v1/. */
    protected abstract String fixtureName();

    @BeforeEach
    void database() {
        if (db == null) {
            db = createDatabase();
        }
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private String q(String identifier) {
        return db.quote(identifier);
    }

    private Path config(String name, String... tables) {
        String block = db.sourceBlock(tables);
        try {
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, "[" + block.replaceFirst("^\\{", "{\"name\": \"fixture\", ") + "]");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CliRun cli(String command, Path config, Path replica, String... more) {
        return CliRun.on(dir, command, config, replica, more);
    }

    private static CliRun ok(CliRun result) {
        assertEquals(0, result.status, result::toString);
        return result;
    }

    private List<List<Object>> sourceRows(String table, String where) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> row : db.query("SELECT id, name FROM " + q(table) + (where.isEmpty() ? "" : " WHERE " + where)
                + " ORDER BY id")) {
            rows.add(Arrays.asList(Long.parseLong(row.get(0)), row.get(1)));
        }
        return rows;
    }

    private static List<List<Object>> replicaRows(Path replica, String target) {
        return ReplicaReader.query(replica, "SELECT id, name FROM \"" + target + "\" ORDER BY id");
    }

    private static Object state(Path replica, String column, String target) {
        return ReplicaReader.single(replica, "SELECT " + column + " FROM _replicate_watermarks WHERE target = '"
                + target + "'");
    }

    /** The rows pulled and the notes of the target's last log row. */
    private static List<Object> lastLog(Path replica, String target) {
        return ReplicaReader.query(replica, "SELECT rows_pulled, coalesce(notes, '') FROM _replicate_log WHERE target = '"
                + target + "' ORDER BY id DESC LIMIT 1").get(0);
    }

    private static long logRows(Path replica, String target) {
        return (Long) ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_log WHERE target = '" + target + "'");
    }

    private static Map<String, JsonObject> status(CliRun result) {
        JsonArray array = JsonParser.parseString(result.out).getAsJsonArray();
        List<JsonObject> rows = new ArrayList<>();
        for (JsonElement element : array) {
            rows.add(element.getAsJsonObject());
        }
        return rows.stream().collect(Collectors.toMap(o -> o.get("target").getAsString(), Function.identity()));
    }

    private static String text(JsonObject object, String key) {
        return object.get(key).isJsonNull() ? null : object.get(key).getAsString();
    }

    private void createOrders(String table) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, region VARCHAR(2) NOT NULL, name VARCHAR(40))");
    }

    private void insertOrder(String table, long id, String time, String region, String name) {
        db.execute("INSERT INTO " + q(table) + " (id, updated_at, region, name) VALUES (" + id + ", "
                + db.timestampLiteral("2024-01-01 " + time) + ", '" + region + "', '" + name + "')");
    }

    /**
     * One source table, two targets with two "where" subsets: each replica exact after each run, each with
     * its own cursor and log; `run TARGET` runs that one; `reset` of one leaves the other's state and rows.
     */
    @Test
    void oneSourceTableFeedsTwoTargetsEachWithItsOwnCursor() {
        createOrders("split_orders");
        for (int i = 1; i <= 9; i++) {
            insertOrder("split_orders", i, String.format("00:00:%02d", i), i % 2 == 1 ? "EU" : "US", "order " + i);
        }
        String eu = "region = 'EU'";
        String us = "region = 'US'";
        Path config = config("split",
                "{\"name\": \"split_orders\", \"watermark\": \"updated_at\", \"target\": \"orders_eu\", \"where\": \""
                        + eu + "\", \"pageSize\": 2}",
                "{\"name\": \"split_orders\", \"watermark\": \"updated_at\", \"target\": \"orders_us\", \"where\": \""
                        + us + "\", \"pageSize\": 2}");
        ok(cli("validate-config", config, dir.resolve("unused.db")));
        Path replica = dir.resolve("split.db");

        ok(cli("run", config, replica, "--force"));
        assertEquals(sourceRows("split_orders", eu), replicaRows(replica, "orders_eu"));
        assertEquals(sourceRows("split_orders", us), replicaRows(replica, "orders_us"));
        assertEquals("2024-01-01T00:00:09", state(replica, "last_value", "orders_eu"));
        assertEquals("2024-01-01T00:00:08", state(replica, "last_value", "orders_us"));
        assertEquals(5L, lastLog(replica, "orders_eu").get(0));
        assertEquals(4L, lastLog(replica, "orders_us").get(0));

        insertOrder("split_orders", 10, "00:00:20", "EU", "order 10");
        db.execute("UPDATE " + q("split_orders") + " SET name = 'changed', updated_at = "
                + db.timestampLiteral("2024-01-01 00:00:21") + " WHERE id = 2");
        ok(cli("run", config, replica, "--force"));
        assertEquals(sourceRows("split_orders", eu), replicaRows(replica, "orders_eu"));
        assertEquals(sourceRows("split_orders", us), replicaRows(replica, "orders_us"));
        assertEquals("2024-01-01T00:00:20", state(replica, "last_value", "orders_eu"));
        assertEquals("2024-01-01T00:00:21", state(replica, "last_value", "orders_us"));
        assertEquals(2L, lastLog(replica, "orders_eu").get(0), "the row at its cursor again, and the new one");
        assertEquals(2L, lastLog(replica, "orders_us").get(0), "the row at its cursor again, and the changed one");

        Map<String, JsonObject> status = status(ok(cli("status", config, replica, "--json")));
        assertEquals("2024-01-01T00:00:20", text(status.get("orders_eu"), "watermark"));
        assertEquals("2024-01-01T00:00:21", text(status.get("orders_us"), "watermark"));
        assertEquals("split_orders", text(status.get("orders_us"), "table"));

        // run TARGET runs that target alone.
        ok(cli("run", config, replica, "orders_us"));
        assertEquals(3, logRows(replica, "orders_us"));
        assertEquals(2, logRows(replica, "orders_eu"));

        // reset of one: its table and state go, the other's stay; the next run copies it whole again.
        ok(cli("reset", config, replica, "orders_us"));
        assertEquals(0L, ReplicaReader.single(replica, "SELECT count(*) FROM sqlite_master WHERE name = 'orders_us'"));
        assertEquals(0L, ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_watermarks WHERE target = 'orders_us'"));
        assertEquals("2024-01-01T00:00:20", state(replica, "last_value", "orders_eu"));
        assertEquals(sourceRows("split_orders", eu), replicaRows(replica, "orders_eu"));
        ok(cli("run", config, replica, "--force"));
        assertEquals(sourceRows("split_orders", us), replicaRows(replica, "orders_us"));
        assertEquals(4L, lastLog(replica, "orders_us").get(0), "copied whole again");
        assertEquals(1L, lastLog(replica, "orders_eu").get(0), "only the row at its cursor");
        assertEquals("2024-01-01T00:00:21", state(replica, "last_value", "orders_us"));
    }

    /**
     * A target given to another source table while its SQLite table holds the rows of the one before: the
     * new table's rows would be mixed with them, so the table fails, naming both tables and the ways on,
     * and nothing changes (hostile test: it synced again from the start into the old rows, which stayed for
     * good, and `verify` called the replica equal, those rows "kept by choice"). After `replicate reset` the
     * target is the new table's alone; and the same table under another source identity names the "name"
     * that carries its state on.
     */
    @Test
    void aTargetGivenToAnotherTableWhileHoldingRowsIsRefusedUntilAReset() throws IOException {
        createOrders("moved_a");
        createOrders("moved_b");
        insertOrder("moved_a", 1, "10:00:00", "EU", "a1");
        insertOrder("moved_a", 2, "10:00:05", "EU", "a2");
        insertOrder("moved_b", 1, "09:00:00", "US", "b1");
        insertOrder("moved_b", 3, "09:00:01", "US", "b3");
        Path replica = dir.resolve("moved.db");
        Path before = config("moved-before", "{\"name\": \"moved_a\", \"watermark\": \"updated_at\", \"target\": \"moved\"}");
        ok(cli("run", before, replica, "--force"));
        assertEquals("2024-01-01T10:00:05", state(replica, "last_value", "moved"));

        Path after = config("moved-after", "{\"name\": \"moved_b\", \"watermark\": \"updated_at\", \"target\": \"moved\"}");
        Map<String, JsonObject> status = status(ok(cli("status", after, replica, "--json")));
        assertEquals(null, text(status.get("moved"), "lastRun"), "another table's state is not shown as this one's");

        CliRun refused = cli("run", after, replica, "--force");
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("moved holds the rows of table moved_a of source fixture")
                && refused.err.contains("table moved_b of source fixture") && refused.err.contains("replicate reset moved")
                && refused.err.contains("give the target back to table moved_a of source fixture"),
                refused::toString);
        assertEquals("moved_a", state(replica, "\"table\"", "moved"));
        assertEquals("2024-01-01T10:00:05", state(replica, "last_value", "moved"));
        assertEquals(List.of(List.of(1L, "a1"), List.of(2L, "a2")), replicaRows(replica, "moved"), "nothing mixed");
        CliRun failing = cli("status", after, replica, "--json");
        assertEquals(1, failing.status, "status tells the table fails: " + failing);
        assertTrue(status(failing).get("moved").get("error").getAsString().contains("holds the rows of"), failing::toString);
        assertEquals(null, text(status(failing).get("moved"), "watermark"), "not the other table's cursor");

        ok(cli("reset", after, replica, "moved"));
        ok(cli("run", after, replica, "--force"));
        assertEquals(sourceRows("moved_b", ""), replicaRows(replica, "moved"));
        assertEquals("2024-01-01T09:00:01", state(replica, "last_value", "moved"));
        insertOrder("moved_b", 4, "09:00:02", "US", "b4");
        ok(cli("run", after, replica, "--force"));
        assertEquals(List.of(2L, ""), lastLog(replica, "moved"), "the new table's own cursor now");

        // The same table under another source identity: the way on that keeps the state is named.
        Path renamed = dir.resolve("moved-renamed.json");
        Files.writeString(renamed, "[" + db.sourceBlock("{\"name\": \"moved_b\", \"watermark\": \"updated_at\","
                + " \"target\": \"moved\"}").replaceFirst("^\\{", "{\"name\": \"elsewhere\", ") + "]");
        CliRun elsewhere = cli("run", renamed, replica, "--force");
        assertEquals(1, elsewhere.status, elsewhere::toString);
        assertTrue(elsewhere.err.contains("set $[0].name to \"fixture\"") && !elsewhere.err.contains("give the target back"),
                elsewhere::toString);
        assertEquals(sourceRows("moved_b", ""), replicaRows(replica, "moved"));
    }

    /**
     * The refusal is stored masked, as every error is: with a password "sales-2024" a table "sales" is
     * written *** in it. Status still tells the table fails (it showed it as never run: the stored text
     * was matched against the unmasked words).
     */
    @Test
    void statusShowsTheRefusalOfATableNamedLikeAPieceOfThePassword() throws IOException {
        createOrders("sales");
        createOrders("sales_b");
        insertOrder("sales", 1, "10:00:00", "EU", "a1");
        insertOrder("sales_b", 1, "09:00:00", "US", "b1");
        Path replica = dir.resolve("sales.db");
        // a secret-named property: the password pieces are masked, and neither server asks for it
        String secret = "\"properties\": {\"sslpassword\": \"sales-2024\"}, ";
        Path before = dir.resolve("sales-before.json");
        Files.writeString(before, "[" + db.sourceBlock("{\"name\": \"sales\", \"watermark\": \"updated_at\","
                + " \"target\": \"moved_sales\"}").replaceFirst("^\\{", "{\"name\": \"fixture\", " + secret) + "]");
        ok(cli("run", before, replica, "--force"));
        Path after = dir.resolve("sales-after.json");
        Files.writeString(after, "[" + db.sourceBlock("{\"name\": \"sales_b\", \"watermark\": \"updated_at\","
                + " \"target\": \"moved_sales\"}").replaceFirst("^\\{", "{\"name\": \"fixture\", " + secret) + "]");
        CliRun refused = cli("run", after, replica, "--force");
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("holds the rows of table *** of source fixture"), refused::toString);

        CliRun failing = cli("status", after, replica, "--json");
        assertEquals(1, failing.status, "status tells the table fails: " + failing);
        assertTrue(text(status(failing).get("moved_sales"), "error").contains("holds the rows of"), failing::toString);
    }

    /**
     * A source without a "name" whose conn names the same server otherwise (localhost, then 127.0.0.1) has
     * another identity: refused while holding rows, the message says where to set what (the table entry's
     * and the block's JSON paths, and the "name" to give it), and that hint applied goes on from the cursor.
     */
    @Test
    void theRefusalSaysWhereToGiveTheNameAndThatNameGoesOnFromTheCursor() throws IOException {
        createOrders("host_a");
        insertOrder("host_a", 1, "10:00:00", "EU", "a1");
        insertOrder("host_a", 2, "10:00:05", "EU", "a2");
        Path replica = dir.resolve("host.db");
        String table = "{\"name\": \"host_a\", \"watermark\": \"updated_at\", \"target\": \"host\"}";
        Path local = dir.resolve("host-localhost.json");
        Files.writeString(local, "[" + db.sourceBlock(table).replace("@127.0.0.1:", "@localhost:") + "]");
        ok(cli("run", local, replica, "--force"));
        Path numeric = dir.resolve("host-numeric.json");
        Files.writeString(numeric, "[" + db.sourceBlock(table) + "]");

        CliRun refused = cli("run", numeric, replica, "--force");
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("$[0].tables[0]") && refused.err.contains("set $[0].name to \"")
                && !refused.err.contains("give the target back"), refused::toString);
        String hint = refused.err.substring(refused.err.indexOf("set $[0].name to \""));
        String name = hint.substring("set $[0].name to \"".length(), hint.indexOf('"', "set $[0].name to \"".length()));
        assertTrue(name.contains("localhost"), name);

        Path named = dir.resolve("host-named.json");
        Files.writeString(named, "[" + db.sourceBlock(table).replaceFirst("^\\{", "{\"name\": \"" + name + "\", ") + "]");
        ok(cli("run", named, replica, "--force"));
        assertEquals(List.of(1L, ""), lastLog(replica, "host"), "on from the cursor");
        assertEquals(List.of(List.of(1L, "a1"), List.of(2L, "a2")), replicaRows(replica, "host"));
    }

    /**
     * A target given to another table, whose state the table before left failing for a reason of its own:
     * status shows the target as never run (it is not this table's failure); only the refusal of the target
     * is shown as this table's.
     */
    @Test
    void statusShowsAnotherTablesFailureAsNeverRun() {
        createOrders("fail_a");
        createOrders("fail_b");
        insertOrder("fail_a", 1, "10:00:00", "EU", "a1");
        Path replica = dir.resolve("fail.db");
        Path before = config("fail-before", "{\"name\": \"fail_a\", \"watermark\": \"updated_at\", \"target\": \"fail\"}");
        ok(cli("run", before, replica, "--force"));
        db.execute("DROP TABLE " + q("fail_a"));
        assertEquals(1, cli("run", before, replica, "--force").status);

        Path after = config("fail-after", "{\"name\": \"fail_b\", \"watermark\": \"updated_at\", \"target\": \"fail\"}");
        CliRun shown = cli("status", after, replica, "--json");
        assertEquals(null, text(status(shown).get("fail"), "lastRun"), shown::toString);
        assertEquals(null, text(status(shown).get("fail"), "error"), shown::toString);
    }

    /**
     * The same table written with the schema a name without one stands for ("orders" to "public.orders";
     * on MySQL the URL's database) is the same table: it goes on from its cursor, and the state takes the
     * name as now written. Hostile test: refused as a target given to another table while holding rows,
     * its only ways on a reset (the table read whole again) or the configuration put back.
     */
    @Test
    void theSameTableWrittenWithItsDefaultSchemaGoesOnFromItsCursor() {
        createOrders("qualified_a");
        insertOrder("qualified_a", 1, "10:00:00", "EU", "a1");
        insertOrder("qualified_a", 2, "10:00:05", "EU", "a2");
        Path replica = dir.resolve("qualified.db");
        ok(cli("run", config("qualified-bare", "{\"name\": \"qualified_a\", \"watermark\": \"updated_at\","
                + " \"target\": \"qualified\"}"), replica, "--force"));
        String schema = db.sourceType().equals("postgres") ? "public" : db.databaseName();
        Path qualified = config("qualified-schema", "{\"name\": \"" + schema + ".qualified_a\", \"watermark\":"
                + " \"updated_at\", \"target\": \"qualified\"}");
        ok(cli("run", qualified, replica, "--force"));
        assertEquals(List.of(1L, ""), lastLog(replica, "qualified"), "on from the cursor");
        assertEquals(schema + ".qualified_a", state(replica, "\"table\"", "qualified"));
        ok(cli("run", qualified, replica, "--force"));
        assertEquals(List.of(1L, ""), lastLog(replica, "qualified"));
    }

    /**
     * The same table written with its schema, as above, in the edit that adds an index whose name a view of the
     * user's holds: the table fails before anything is written. The state took the name as now written, and
     * committed it, before the names were checked: "nothing was written" was not true.
     */
    @Test
    void theSameTableWrittenWithItsSchemaThatFailsOnAHeldIndexNameWritesNothing() throws Exception {
        createOrders("heldname_a");
        insertOrder("heldname_a", 1, "10:00:00", "EU", "a1");
        Path replica = dir.resolve("heldname.db");
        ok(cli("run", config("heldname-bare", "{\"name\": \"heldname_a\", \"watermark\": \"updated_at\","
                + " \"target\": \"heldname\"}"), replica, "--force"));
        String schema = db.sourceType().equals("postgres") ? "public" : db.databaseName();
        String index = dev.replicate.sqlite.ReplicaIndexes.index("heldname", List.of("region"), false).name();
        ReplicaReader.edit(replica, "CREATE VIEW \"" + index + "\" AS SELECT 1 AS one");
        Path qualified = config("heldname-schema", "{\"name\": \"" + schema + ".heldname_a\", \"watermark\":"
                + " \"updated_at\", \"target\": \"heldname\", \"indexes\": [[\"region\"]]}");

        CliRun failed = cli("run", qualified, replica, "--force");
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("holds a view named " + index) && failed.err.contains("nothing was written"),
                failed::toString);
        assertEquals("heldname_a", state(replica, "\"table\"", "heldname"), "nothing was written");

        ReplicaReader.edit(replica, "DROP VIEW \"" + index + "\"");
        ok(cli("run", qualified, replica, "--force"));
        assertEquals(1L, lastLog(replica, "heldname").get(0), "on from the cursor: the row at it only");
        assertEquals(schema + ".heldname_a", state(replica, "\"table\"", "heldname"));
    }

    /**
     * A target whose SQLite table holds no row (dropped, or emptied by hand) given to another table syncs
     * from the start, with a note naming both: nothing is there to mix.
     */
    @Test
    void aTargetWithoutRowsGivenToAnotherTableSyncsAgainFromTheStartWithANote() throws Exception {
        createOrders("bare_a");
        createOrders("bare_b");
        insertOrder("bare_a", 1, "10:00:00", "EU", "a1");
        insertOrder("bare_b", 3, "09:00:01", "US", "b3");
        Path replica = dir.resolve("bare.db");
        ok(cli("run", config("bare-before", "{\"name\": \"bare_a\", \"watermark\": \"updated_at\", \"target\": \"bare\"}"),
                replica, "--force"));
        ReplicaReader.edit(replica, "DELETE FROM bare");
        ok(cli("run", config("bare-after", "{\"name\": \"bare_b\", \"watermark\": \"updated_at\", \"target\": \"bare\"}"),
                replica, "--force"));
        assertTrue(((String) lastLog(replica, "bare").get(1)).contains("the state of bare was that of table bare_a of"
                + " source fixture; the target is now copied from table bare_b of source fixture, so it syncs again from"
                + " the start"), () -> lastLog(replica, "bare").toString());
        assertEquals(List.of(List.of(3L, "b3")), replicaRows(replica, "bare"));
    }

    /**
     * A target given to a table that cannot be read (a misspelt name) fails, and keeps the state of the table
     * before: put back, the configuration goes on from the cursor, as a where that fails changes nothing.
     * Hostile test: the state was given to the misspelt table before it was read, committed at once, so the
     * failed run forgot the cursor and the run after the fix read the whole table again.
     */
    @Test
    void aTargetGivenToATableThatCannotBeReadKeepsItsState() {
        createOrders("kept_a");
        insertOrder("kept_a", 1, "10:00:00", "EU", "a1");
        insertOrder("kept_a", 2, "10:00:05", "EU", "a2");
        Path replica = dir.resolve("kept.db");
        Path right = config("kept-right", "{\"name\": \"kept_a\", \"watermark\": \"updated_at\", \"target\": \"kept\"}");
        ok(cli("run", right, replica, "--force"));

        Path typo = config("kept-typo", "{\"name\": \"kept_aa\", \"watermark\": \"updated_at\", \"target\": \"kept\"}");
        CliRun failed = cli("run", typo, replica, "--force");
        assertEquals(1, failed.status, failed::toString);
        assertEquals("kept_a", state(replica, "\"table\"", "kept"));
        assertEquals("2024-01-01T10:00:05", state(replica, "last_value", "kept"));

        ok(cli("run", right, replica, "--force"));
        assertEquals(List.of(1L, ""), lastLog(replica, "kept"), "on from the cursor: the row at it only");
    }

    /**
     * A target spelt anew in case only ("Respelt" to "respelt") is the same SQLite table, whose names ignore
     * case: its state goes on under the new spelling, with no second state row (hostile test: the run read
     * the table whole again into a second row; given to another table then, that table's rows were upserted
     * into the old ones with no note at all; and `reset Respelt`, the old spelling, dropped the configured
     * target's table and left its cursor).
     */
    /**
     * A target respelt in case by a run that does not run its table (not due): the respelling's note waits
     * for the table's next log row (it was lost: kept in memory for a table that ran in that process only).
     */
    @Test
    void aRespellingByARunThatSkipsTheTableIsNotedOnItsNextLogRow() {
        createOrders("noted_a");
        insertOrder("noted_a", 1, "10:00:00", "EU", "a1");
        Path replica = dir.resolve("noted.db");
        Path before = config("noted-before", "{\"name\": \"noted_a\", \"watermark\": \"updated_at\","
                + " \"target\": \"Noted\", \"intervalSeconds\": 3600}");
        ok(cli("run", before, replica));
        assertEquals(1L, logRows(replica, "Noted"));

        Path after = config("noted-after", "{\"name\": \"noted_a\", \"watermark\": \"updated_at\","
                + " \"target\": \"noted\", \"intervalSeconds\": 3600}");
        ok(cli("run", after, replica));
        assertEquals(1L, ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_log WHERE target = 'noted'"
                + " COLLATE NOCASE"), "not due: no log row");
        assertEquals("noted", state(replica, "target", "noted"), "respelt at once");

        ok(cli("run", after, replica, "noted"));
        assertTrue(((String) lastLog(replica, "noted").get(1)).contains("the state of Noted is now that of noted"),
                () -> "the respelling is on the table's next log row: " + lastLog(replica, "noted"));
        ok(cli("run", after, replica, "noted"));
        assertFalse(((String) lastLog(replica, "noted").get(1)).contains("is now that of"), "noted once");
    }

    @Test
    void aTargetSpeltAnewInCaseKeepsItsStateAndTable() {
        createOrders("respelt_a");
        createOrders("respelt_b");
        insertOrder("respelt_a", 1, "10:00:00", "EU", "a1");
        insertOrder("respelt_a", 2, "10:00:05", "EU", "a2");
        insertOrder("respelt_b", 1, "09:00:00", "US", "b1");
        Path replica = dir.resolve("respelt.db");
        Path before = config("respelt-before", "{\"name\": \"respelt_a\", \"watermark\": \"updated_at\", \"target\": \"Respelt\"}");
        ok(cli("run", before, replica, "--force"));

        Path after = config("respelt-after", "{\"name\": \"respelt_a\", \"watermark\": \"updated_at\", \"target\": \"respelt\"}");
        CliRun oldSpelling = cli("reset", after, replica, "Respelt");
        assertEquals(2, oldSpelling.status, oldSpelling::toString);
        assertTrue(oldSpelling.err.contains("\"respelt\""), oldSpelling::toString);
        assertEquals(2L, ReplicaReader.count(replica, "respelt"), "nothing dropped");

        ok(cli("run", after, replica, "--force"));
        List<Object> respelt = lastLog(replica, "respelt");
        assertEquals(1L, respelt.get(0), "the row at its cursor only, no re-sync");
        assertTrue(((String) respelt.get(1)).contains("the state of Respelt is now that of respelt"),
                () -> "the respelling is on the table's log row: " + respelt);
        assertEquals(List.of(List.of("respelt")), ReplicaReader.query(replica,
                "SELECT target FROM _replicate_watermarks WHERE target = 'respelt' COLLATE NOCASE"), "one state row");

        Path other = config("respelt-other", "{\"name\": \"respelt_b\", \"watermark\": \"updated_at\", \"target\": \"RESPELT\"}");
        CliRun moved = cli("run", other, replica, "--force");
        assertEquals(1, moved.status, moved::toString);
        assertTrue(moved.err.contains("holds the rows of table respelt_a"), () -> "the move to another table is"
                + " refused, as under the same spelling: " + moved);
        assertEquals(1L, ReplicaReader.single(replica,
                "SELECT count(*) FROM _replicate_watermarks WHERE target = 'respelt' COLLATE NOCASE"));

        ok(cli("reset", other, replica, "RESPELT"));
        assertEquals(0L, ReplicaReader.single(replica,
                "SELECT count(*) FROM _replicate_watermarks WHERE target = 'respelt' COLLATE NOCASE"));
    }

    /**
     * THE migration test (issue #15): a file written by the release before (state version 1, see
     * src/test/resources/dev/replicate/state/v1/README.txt), one table synced and one caught mid-way through
     * its first sync in key order, carries on without a re-sync: `status` reads it unchanged, the first run
     * migrates it (user_version 2) keeping every cursor, the snapshot progress and the counters, pulls only
     * the rows past them, and each replica is exact.
     */
    @Test
    void aFileWrittenByTheReleaseBeforeCarriesOnWithoutAReSync() throws Exception {
        for (String statement : resource(fixtureName() + ".sql").split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                db.execute(statement);
            }
        }
        Path config = config("fixture",
                "{\"name\": \"sv1_done\", \"watermark\": \"updated_at\"}",
                "{\"name\": \"sv1_partial\", \"watermark\": \"updated_at\", \"pageSize\": 100}");
        Path fixture = dir.resolve("fixture-copy.db");
        Path replica = dir.resolve("fixture.db");
        try (InputStream in = getClass().getResourceAsStream("/dev/replicate/state/v1/" + fixtureName() + ".sqlite")) {
            byte[] bytes = in.readAllBytes();
            Files.write(fixture, bytes);
            Files.write(replica, bytes);
        }
        assertEquals(1L, ReplicaReader.single(replica, "PRAGMA user_version"));
        List<List<Object>> v1State = ReplicaReader.query(replica, "SELECT source, \"table\", target, watermark_column,"
                + " watermark_type, last_value, last_run_ts, last_success_ts, last_ok, last_rows_pulled,"
                + " consecutive_failures, source_newest_value, snapshot_key_column, snapshot_key_type, snapshot_after,"
                + " snapshot_below FROM _replicate_watermarks ORDER BY target");
        String after = (String) state(replica, "snapshot_after", "sv1_partial");
        long snapshotKey = Long.parseLong(after);
        assertTrue(snapshotKey > 1 && snapshotKey < 600, "the fixture's first sync stopped half-way: " + after);
        assertEquals(snapshotKey, ReplicaReader.count(replica, "sv1_partial"));

        // status reads the version-1 file as it is, and writes nothing.
        byte[] unread = Files.readAllBytes(replica);
        Map<String, JsonObject> status = status(ok(cli("status", config, replica, "--json")));
        assertEquals("2024-01-01T00:00:10", text(status.get("sv1_done"), "watermark"));
        assertEquals(after, text(status.get("sv1_partial").getAsJsonObject("firstSync"), "lastKey"));
        assertTrue(Arrays.equals(unread, Files.readAllBytes(replica)), "status changed the file");

        // Migrated alone (opened for writing, as a run opens it): everything carried over.
        try (Replica opened = Replica.openForWriting(fixture)) {
            Map<String, TableState> states = new StateStore(opened).byTable();
            assertEquals(Optional.of("2024-01-01T00:00:10"), states.get("sv1_done").lastValue());
            assertEquals(Optional.of(new SnapshotProgress("id", "INTEGER", after, "2024-01-01T00:10")),
                    states.get("sv1_partial").snapshot());
        }
        assertEquals(2L, ReplicaReader.single(fixture, "PRAGMA user_version"));
        assertEquals(v1State, ReplicaReader.query(fixture, "SELECT source, \"table\", target, watermark_column,"
                + " watermark_type, last_value, last_run_ts, last_success_ts, last_ok, last_rows_pulled,"
                + " consecutive_failures, source_newest_value, snapshot_key_column, snapshot_key_type, snapshot_after,"
                + " snapshot_below FROM _replicate_watermarks ORDER BY target"), "every column of every row carried over");

        // The source moves on; the run pulls what lies past the cursor and the snapshot, no more.
        db.execute("INSERT INTO " + q("sv1_done") + " (id, updated_at, name) VALUES (11, "
                        + db.timestampLiteral("2024-01-01 00:00:11") + ", 'done 11')",
                "UPDATE " + q("sv1_done") + " SET name = 'changed', updated_at = "
                        + db.timestampLiteral("2024-01-01 00:00:12") + " WHERE id = 3",
                "INSERT INTO " + q("sv1_partial") + " (id, updated_at, name) VALUES (601, "
                        + db.timestampLiteral("2024-01-01 00:10:01") + ", 'partial 601')");
        long logBefore = (Long) ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_log");
        ok(cli("run", config, replica, "--force"));

        assertEquals(2L, ReplicaReader.single(replica, "PRAGMA user_version"));
        assertEquals(List.of(List.of("target")), ReplicaReader.query(replica,
                "SELECT name FROM pragma_table_info('_replicate_watermarks') WHERE pk > 0"));
        assertEquals(logBefore + 2, ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_log"),
                "the log kept its rows and gained one per table");
        assertEquals(3L, lastLog(replica, "sv1_done").get(0), "rows 10 (at the cursor), 11 and 3: no re-sync");
        assertEquals(601L - snapshotKey, lastLog(replica, "sv1_partial").get(0),
                "the rows past the last key committed, and the new one: the first sync resumed");
        assertEquals("", lastLog(replica, "sv1_partial").get(1), "no note: nothing started again");
        assertEquals(sourceRows("sv1_done", ""), replicaRows(replica, "sv1_done"));
        assertEquals(sourceRows("sv1_partial", ""), replicaRows(replica, "sv1_partial"));
        assertEquals("2024-01-01T00:00:12", state(replica, "last_value", "sv1_done"));
        assertEquals("2024-01-01T00:10:01", state(replica, "last_value", "sv1_partial"));
        assertEquals(null, state(replica, "snapshot_after", "sv1_partial"));
        assertEquals("fixture", state(replica, "source", "sv1_partial"));
        assertFalse(((String) lastLog(replica, "sv1_done").get(1)).contains("again from the start"));
    }

    /**
     * A file written by a release from before own_columns (see
     * src/test/resources/dev/replicate/state/before-own-columns/README.txt), whose tables have no key: a
     * column the source dropped before the first run of this release was one the rows' identities were made
     * with, so that run must not store the rows it reads again a second time beside their old selves (it
     * synced the table again from the start, saying why); a column added by hand keeps its values.
     */
    @Test
    void aColumnDroppedBeforeTheFirstRunOfAFileWithoutItsColumnsRecordedDoesNotDuplicateKeylessRows() throws Exception {
        for (String statement : resource("before-own-columns/" + fixtureName() + ".sql").split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                db.execute(statement);
            }
        }
        Path config = config("keyless",
                "{\"name\": \"sv2_events\", \"watermark\": \"at\", \"primaryKey\": []}",
                "{\"name\": \"sv2_notes\", \"watermark\": \"at\", \"primaryKey\": []}");
        Path replica = dir.resolve("before-own-columns.db");
        try (InputStream in = getClass().getResourceAsStream("/dev/replicate/state/before-own-columns/"
                + fixtureName() + ".sqlite")) {
            Files.write(replica, in.readAllBytes());
        }
        assertEquals(0L, ReplicaReader.single(replica, "SELECT count(*) FROM pragma_table_info('_replicate_watermarks')"
                + " WHERE name = 'own_columns'"), "the fixture predates own_columns");
        db.execute("ALTER TABLE " + q("sv2_events") + " DROP COLUMN " + q("n"),
                "INSERT INTO " + q("sv2_events") + " (ev, at) VALUES ('e', " + db.timestampLiteral("2024-01-01 00:00:04") + ")",
                "INSERT INTO " + q("sv2_notes") + " (txt, at) VALUES ('w', " + db.timestampLiteral("2024-01-01 00:00:03") + ")");

        ok(cli("run", config, replica, "--force"));

        assertEquals(5L, ReplicaReader.count(replica, "sv2_events"), "each source row once, not the ones on the"
                + " cursor twice: " + ReplicaReader.query(replica, "SELECT ev, at FROM sv2_events ORDER BY at, ev"));
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e")),
                ReplicaReader.query(replica, "SELECT ev FROM sv2_events ORDER BY ev"));
        assertTrue(((String) lastLog(replica, "sv2_events").get(1)).contains("column n is no longer at the source"),
                () -> "the note says why the table was read again: " + lastLog(replica, "sv2_events"));
        assertEquals(3L, lastLog(replica, "sv2_notes").get(0), "the two rows on the cursor and the new one: no re-sync");
        assertEquals("", lastLog(replica, "sv2_notes").get(1), "a column added by hand is no column gone from the source");
        assertEquals(List.of(List.of("w", ""), List.of("x", "mine x"), List.of("y", "mine y"), List.of("z", "mine z")),
                ReplicaReader.query(replica, "SELECT txt, coalesce(memo, '') FROM sv2_notes ORDER BY txt"),
                "the hand-made column keeps its values");
    }

    /**
     * The promise to users, end to end, against the oldest release we could build (see
     * src/test/resources/dev/replicate/state/first-release/README.txt): its file, in the plugin's array shape,
     * with a keyed table of varied types (numeric, double, instant, date or DATETIME, unicode text, bytes, json),
     * a table without a key whose cursor two identical rows hold, and a composite key on a numeric watermark.
     * This release reads it as it is, carries on from each cursor (the rows on it and the changed ones only),
     * keeps the log, and ends with every value exactly as a first sync by this release writes it: no row lost,
     * none twice, none written in an older form.
     */
    @Test
    void aFileOfTheFirstReleaseCarriesOnAndEndsAsAFreshSyncWrites() throws Exception {
        for (String statement : resource("first-release/" + fixtureName() + ".sql").split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                db.execute(statement);
            }
        }
        String block = "[" + db.sourceBlock(
                "{\"name\": \"fr_items\", \"watermark\": \"updated_at\", \"primaryKey\": \"id\", \"target\": \"items\"}",
                "{\"name\": \"fr_events\", \"watermark\": \"at\", \"primaryKey\": []}",
                "{\"name\": \"fr_comp\", \"watermark\": \"version\", \"primaryKey\": [\"a\", \"b\"]}")
                .replaceFirst("^\\{", "{\"name\": \"fixture\", \"pageSize\": 2, ") + "]";
        Path config = dir.resolve("first-release.json");
        Files.writeString(config, block);
        Path replica = dir.resolve("first-release.db");
        try (InputStream in = getClass().getResourceAsStream("/dev/replicate/state/first-release/" + fixtureName()
                + ".sqlite")) {
            Files.write(replica, in.readAllBytes());
        }
        assertEquals(1L, ReplicaReader.single(replica, "PRAGMA user_version"), "the fixture predates state version 2");

        byte[] unread = Files.readAllBytes(replica);
        Map<String, JsonObject> status = status(ok(cli("status", config, replica, "--json")));
        assertEquals("2024-03-01T10:00:04Z", text(status.get("items"), "watermark"));
        assertEquals("30", text(status.get("fr_comp"), "watermark"));
        assertTrue(Arrays.equals(unread, Files.readAllBytes(replica)), "status changed the file");

        db.execute("UPDATE " + q("fr_items") + " SET name = 'two ∆', updated_at = "
                        + db.timestampLiteral("2024-03-01 10:00:05") + " WHERE id = 2",
                "INSERT INTO " + q("fr_items") + " (id, name, price, ratio, updated_at) VALUES (5, 'fünf', 5, 5, "
                        + db.timestampLiteral("2024-03-01 10:00:06") + ")",
                "INSERT INTO " + q("fr_events") + " (at, kind, n) VALUES ("
                        + db.timestampLiteral("2024-03-01 00:03:00") + ", 'after', 5)",
                "UPDATE " + q("fr_comp") + " SET version = 40, note = 'moved' WHERE a = 0");
        long logBefore = (Long) ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_log");
        // Run as the plugin ran it: the configuration in REPLICATION_CONFIG_JSON.
        CliRun run = CliRun.run(dir, Map.of("REPLICATION_CONFIG_JSON", block), false, java.time.Clock.systemUTC(),
                "run", "--db", replica.toString(), "--force");
        assertEquals(0, run.status, run::toString);
        assertEquals("", run.err, "no warning for a file of an earlier release");

        assertEquals(2L, ReplicaReader.single(replica, "PRAGMA user_version"));
        assertEquals(logBefore + 3, ReplicaReader.single(replica, "SELECT count(*) FROM _replicate_log"),
                "the log kept its rows and gained one per table");
        assertEquals(3L, lastLog(replica, "items").get(0), "row 4 on the cursor, 2 changed, 5 new: no re-sync");
        assertEquals(3L, lastLog(replica, "fr_events").get(0), "the two identical rows on the cursor and the new one");
        assertEquals(3L, lastLog(replica, "fr_comp").get(0), "the two rows on the cursor and the one moved past it");

        Path fresh = dir.resolve("first-release-fresh.db");
        ok(cli("run", config, fresh));
        for (String target : List.of("items", "fr_events", "fr_comp")) {
            assertEquals(allValues(fresh, target), allValues(replica, target),
                    target + ": every value as a first sync by this release writes it, each row once");
        }
        assertEquals(6L, ReplicaReader.count(replica, "fr_events"), "the identical rows kept twice, not more");
        ok(cli("verify", config, replica));
    }

    /** Every row of a target, each value quoted by SQLite (so its type shows), replicate's own columns left out. */
    private static List<String> allValues(Path replica, String target) {
        String columns = (String) ReplicaReader.single(replica, "SELECT group_concat('quote(\"' || name || '\")',"
                + " ' || ''|'' || ') FROM pragma_table_info('" + target + "') WHERE name NOT LIKE '\\_replicate%' ESCAPE '\\'");
        List<String> rows = new ArrayList<>();
        for (List<Object> row : ReplicaReader.query(replica, "SELECT " + columns + " FROM \"" + target + "\"")) {
            rows.add((String) row.get(0));
        }
        rows.sort(null);
        return rows;
    }

    private static String resource(String name) throws IOException {
        String path = name.contains("/") ? name : "v1/" + name;
        try (InputStream in = TargetKeyedStateScenarios.class.getResourceAsStream("/dev/replicate/state/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
