package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Full tables ({@code "mode": "full"}, issue #15): read whole on every run into a copy swapped in one
 * transaction. The scenarios run against every source type; each subclass only says which database.
 */
public abstract class FullModeBehaviour extends SourceScenarios {
    protected FullModeBehaviour() {
        super("full_");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** {@code id, name, secret, updated_at}, with or without a primary key. */
    private void createTable(boolean withKey) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL" + (withKey ? " PRIMARY KEY" : "")
                + ", name VARCHAR(100), secret VARCHAR(100), updated_at " + db.timestampType() + " NULL)");
    }

    /** Rows {@code first..last} named {@code prefix id}, in statements of 1,000 rows. */
    private void insert(long first, long last, String prefix) {
        List<String> statements = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (long id = first; id <= last; id++) {
            sql.append(sql.length() == 0 ? "INSERT INTO " + q(table) + " (id, name, secret, updated_at) VALUES " : ", ")
                    .append("(").append(id).append(", '").append(prefix).append(' ').append(id).append("', 's")
                    .append(id).append("', ").append(db.timestampLiteral("2024-01-01 00:00:00")).append(")");
            if ((id - first) % 1000 == 999 || id == last) {
                statements.add(sql.toString());
                sql.setLength(0);
            }
        }
        db.execute(statements.toArray(String[]::new));
    }

    /** A config of the test's table alone, with {@code tableExtra} members besides its name. */
    private Path configWith(String tableExtra) {
        return config(entry(tableExtra));
    }

    /** Every source row as "id|name", sorted (a multiset: a table without a key may repeat one). */
    private List<String> sourceRows(String where) {
        List<String> rows = new ArrayList<>();
        for (List<String> row : db.query("SELECT id, name FROM " + q(table) + (where.isEmpty() ? "" : " WHERE " + where))) {
            rows.add(row.get(0) + "|" + row.get(1));
        }
        Collections.sort(rows);
        return rows;
    }

    private List<String> replicaRows() {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : ReplicaReader.query(replicaPath(), "SELECT id, name FROM \"" + table + "\"")) {
            rows.add(row.get(0) + "|" + row.get(1));
        }
        Collections.sort(rows);
        return rows;
    }

    private void assertReplicaEqualsSource() {
        assertEquals(sourceRows(""), replicaRows(), "replica differs from source");
    }

    private List<String> sqliteColumns() {
        return ReplicaReader.query(replicaPath(), "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private List<String> schemaObjects(String type) {
        return ReplicaReader.query(replicaPath(), "SELECT name FROM sqlite_master WHERE type = '" + type + "' ORDER BY name")
                .stream().map(r -> (String) r.get(0)).toList();
    }

    private String shadow() {
        return "_replicate_shadow_" + table;
    }

    private List<Object> state(String columns) {
        return ReplicaReader.query(replicaPath(), "SELECT " + columns + " FROM _replicate_watermarks WHERE target = '"
                + table + "'").get(0);
    }

    // --- scenarios -----------------------------------------------------------------------------

    /**
     * A full table whose primary key the login may not read. MySQL and MariaDB show such a login none of the
     * key's columns; a full table is rewritten whole on every run and needs no key to stay exact, so it syncs
     * as one without a key, where it was probed and failed on every run with advice ("[]" keeps every row as
     * it arrives, an updated row as a new one) that fits only an incremental table. PostgreSQL names the key,
     * and the table fails naming the column to grant, as before.
     */
    @Test
    void aFullTableWhoseKeyIsHiddenFromTheLoginIsRewrittenWholeWithoutIt() {
        createTable(true);
        insert(1, 5, "first");
        String conn = db.connReadingOnly(table, List.of("name", "updated_at"), "secret");
        Path config = writeConfig("[{\"source\": \"" + db.sourceType() + "\", \"conn\": "
                + new com.google.gson.Gson().toJson(conn) + ", \"tables\": [" + entry("\"mode\": \"full\","
                + " \"excludeColumns\": [\"secret\"]") + "]}]");
        if (!db.sourceType().equals("mysql")) {
            CliRun refused = run(config);
            assertEquals(1, refused.status, refused::toString);
            assertTrue(refused.err.contains("grant the login SELECT on id"), refused::toString);
            return;
        }
        runOk(config);
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 2", "DELETE FROM " + q(table) + " WHERE id = 5");
        runOk(config);
        List<String> names = new ArrayList<>();
        for (List<Object> row : ReplicaReader.query(replicaPath(), "SELECT name FROM \"" + table + "\" ORDER BY name")) {
            names.add((String) row.get(0));
        }
        assertEquals(List.of("changed", "first 1", "first 3", "first 4"), names, "rewritten exactly, no key needed");
        assertEquals(List.of("name", "updated_at"), sqliteColumns(), "no key, no hidden row key");
    }

    @Test
    void aFullTableIsCopiedWholeAndEachRunRewritesItExactly() {
        createTable(true);
        insert(1, 40, "first");
        Path config = configWith("\"pageSize\": 7");
        CliRun first = runOk(config);
        assertEquals("", first.out + first.err, "a successful run off a terminal prints nothing");
        assertReplicaEqualsSource();
        assertEquals(Arrays.asList("", null, null, null, 40L, 1L), state(
                "watermark_column, watermark_type, last_value, snapshot_after, last_rows_pulled, last_ok"));

        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id IN (3, 17, 39)",
                "DELETE FROM " + q(table) + " WHERE id IN (1, 20, 40)");
        insert(100, 104, "new");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals(42L, state("last_rows_pulled").get(0));
        assertFalse(schemaObjects("table").contains(shadow()), "no copy is left behind");
        assertEquals(List.of("id", "name", "secret", "updated_at"), sqliteColumns(), "no hidden row key");
        assertEquals(List.of(List.of(40L, 1L), List.of(42L, 1L)), ReplicaReader.query(replicaPath(),
                "SELECT rows_pulled, ok FROM _replicate_log ORDER BY id"));
    }

    /** Without a key, identical rows stay two rows, and the table needs no hidden row identity. */
    @Test
    void aTableWithoutAKeyIsRewrittenWholeWithItsDuplicates() {
        createTable(false);
        insert(1, 10, "row");
        insert(5, 6, "row");
        Path config = configWith("\"pageSize\": 3");
        runOk(config);
        assertEquals(12, replicaRows().size());
        assertReplicaEqualsSource();
        assertEquals(List.of("id", "name", "secret", "updated_at"), sqliteColumns());

        db.execute("DELETE FROM " + q(table) + " WHERE id = 6");
        insert(6, 6, "row");
        runOk(config);
        assertReplicaEqualsSource();
    }

    @Test
    void columnsAndWhereAreRespectedAndAColumnExcludedLaterIsGone() {
        createTable(true);
        insert(1, 30, "row");
        Path config = configWith("\"pageSize\": 4, \"columns\": [\"id\", \"name\", \"secret\"], \"where\": \"id > 10\"");
        runOk(config);
        assertEquals(sourceRows("id > 10"), replicaRows());
        assertEquals(List.of("id", "name", "secret"), sqliteColumns());

        config = configWith("\"pageSize\": 4, \"excludeColumns\": [\"secret\", \"updated_at\"], \"where\": \"id > 20\"");
        CliRun second = runOk(config);
        assertEquals(sourceRows("id > 20"), replicaRows());
        assertEquals(List.of("id", "name"), sqliteColumns());
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%secret%'"));
        assertTrue(String.valueOf(ReplicaReader.single(replicaPath(), "SELECT notes FROM _replicate_log ORDER BY id DESC"
                + " LIMIT 1")).contains("column secret is excluded now; gone from the SQLite table with its values"),
                second::toString);
    }

    /** Two columns excluded at once are counted as said: "columns name, secret are". */
    @Test
    void twoColumnsExcludedLaterAreNamedAsColumns() {
        createTable(true);
        insert(1, 3, "row");
        runOk(configWith(""));
        CliRun second = runOk(configWith("\"excludeColumns\": [\"name\", \"secret\"]"));
        assertEquals(List.of("id", "updated_at"), sqliteColumns());
        assertTrue(String.valueOf(ReplicaReader.single(replicaPath(), "SELECT notes FROM _replicate_log ORDER BY id DESC"
                + " LIMIT 1")).contains("columns name, secret are excluded now; gone from the SQLite table with their"
                + " values"), second::toString);
    }

    @Test
    void aBadWhereFailsTheTableWithItsPathAndKeepsTheOldRows() {
        createTable(true);
        insert(1, 5, "row");
        runOk(configWith(""));
        CliRun bad = run(configWith("\"where\": \"no_such_column > 1\""));
        assertEquals(1, bad.status, bad::toString);
        assertTrue(bad.err.contains("$[0].tables[0].where does not run on"), bad.err);
        assertReplicaEqualsSource();
        assertFalse(schemaObjects("table").contains(shadow()), "the copy is dropped after a failure");
    }

    /**
     * The configured indexes are on the swapped table; an index, a trigger and a view the user made by
     * hand on it are made again from their own SQL (the view only names the table, and keeps working).
     */
    @Test
    void configuredIndexesAndTheUsersOwnIndexesTriggersAndViewsSurviveTheSwap() throws SQLException {
        createTable(true);
        insert(1, 20, "row");
        Path config = configWith("\"indexes\": [[\"name\"], {\"columns\": [\"secret\"], \"unique\": true}]");
        CliRun first = runOk(config);
        List<String> replicates = schemaObjects("index").stream().filter(n -> n.startsWith("rx_")).toList();
        assertEquals(2, replicates.size(), first::toString);

        ReplicaReader.edit(replicaPath(),
                "CREATE INDEX by_hand ON \"" + table + "\" (updated_at, name)",
                "CREATE TABLE audit (n INTEGER)",
                "CREATE TRIGGER hand_trigger AFTER UPDATE ON \"" + table + "\" BEGIN INSERT INTO audit VALUES (1); END",
                "CREATE VIEW hand_view AS SELECT id, name FROM \"" + table + "\" WHERE id < 5");
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 2");
        runOk(config);
        assertReplicaEqualsSource();
        List<String> indexes = schemaObjects("index");
        assertTrue(indexes.containsAll(replicates) && indexes.contains("by_hand"), indexes.toString());
        assertEquals(List.of("hand_trigger"), schemaObjects("trigger"));
        assertEquals(List.of(List.of(1L, "row 1"), List.of(2L, "changed"), List.of(3L, "row 3"), List.of(4L, "row 4")),
                ReplicaReader.query(replicaPath(), "SELECT id, name FROM hand_view ORDER BY id"));
        assertEquals(1L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM pragma_index_list('" + table
                + "') WHERE name = 'by_hand'"), "the index is on the new table");

        // An index removed from the configuration goes with the swap; the user's stays.
        runOk(configWith("\"indexes\": [[\"name\"]]"));
        assertEquals(1, schemaObjects("index").stream().filter(n -> n.startsWith("rx_")).count());
        assertTrue(schemaObjects("index").contains("by_hand"));
    }

    /**
     * An index of the user's whose name Java's equalsIgnoreCase takes for the row identities' index of the
     * table ({@code _replicate_row_key_<table>}), though SQLite does not: its dotless i (U+0131) is no i to
     * SQLite, which folds A-Z only. It was left out of the user's objects, so the swap dropped it with the
     * old table and never made it again, silently.
     */
    @Test
    void aUsersIndexNamedLikeTheRowKeysIndexOnlyToJavaSurvivesTheSwap() throws SQLException {
        createTable(false);
        insert(1, 5, "row");
        Path config = configWith("");
        runOk(config);
        String mine = "_repl\u0131cate_row_key_" + table;
        ReplicaReader.edit(replicaPath(), "CREATE INDEX \"" + mine + "\" ON \"" + table + "\" (name)");
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 2");
        runOk(config);
        assertReplicaEqualsSource();
        assertTrue(schemaObjects("index").contains(mine), schemaObjects("index").toString());
    }

    /**
     * A trigger of the user's on a full table is made again on the new copy, but the copy's rows were
     * written before it existed: it fires for none of the run's changes, and an FTS5 external-content
     * index or an audit table it keeps goes stale (the FTS5 index then answers with rows that are gone,
     * and its integrity-check calls the file malformed). The run said nothing of it; now each swap that
     * carries triggers says so in its log notes, with the way out.
     */
    @Test
    void aSwapThatCarriesTheUsersTriggersSaysTheyDidNotFireForItsRows() throws SQLException {
        createTable(true);
        insert(1, 5, "row");
        Path config = configWith("");
        runOk(config);
        ReplicaReader.edit(replicaPath(),
                "CREATE TABLE audit (id INTEGER)",
                "CREATE TRIGGER hand_audit AFTER UPDATE ON \"" + table + "\" BEGIN INSERT INTO audit VALUES (new.id); END");
        db.execute("UPDATE " + q(table) + " SET name = 'changed' WHERE id = 2");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals(0L, ReplicaReader.count(replicaPath(), "audit"), "the swap fires no trigger");
        String notes = String.valueOf(ReplicaReader.single(replicaPath(),
                "SELECT notes FROM _replicate_log ORDER BY id DESC LIMIT 1"));
        assertTrue(notes.contains("trigger hand_audit,") && notes.contains("fired for none of its rows")
                && notes.contains("rebuild") && notes.contains("your FTS5 table's name"), notes);
        // One trigger reads as one.
        assertTrue(notes.contains("trigger hand_audit, made by hand on " + table + ", was made again")
                && notes.contains("rebuild what it keeps") && notes.contains("Said again when the triggers on " + table
                + " change") && !notes.contains("they keep") && !notes.contains("when they change"), notes);

        // Said when the set of triggers changes, not on every swap (~400 bytes a run in the log, for good).
        runOk(config);
        String next = String.valueOf(ReplicaReader.single(replicaPath(),
                "SELECT notes FROM _replicate_log ORDER BY id DESC LIMIT 1"));
        assertFalse(next.contains("hand_audit"), next);
        ReplicaReader.edit(replicaPath(), "CREATE TRIGGER hand_guard BEFORE DELETE ON \"" + table
                + "\" BEGIN SELECT RAISE(ABORT, 'no'); END");
        runOk(config);
        String two = String.valueOf(ReplicaReader.single(replicaPath(),
                "SELECT notes FROM _replicate_log ORDER BY id DESC LIMIT 1"));
        assertTrue(two.contains("triggers hand_audit, hand_guard, made by hand on " + table + ", were made again")
                && two.contains("rebuild what they keep"), two);
    }

    /**
     * An index of the user's that does not fit the new rows (its column excluded now) fails the swap:
     * replicate does not drop what it did not make, so the old table stays, with the index, and the
     * message says what to do.
     */
    @Test
    void aHandMadeIndexThatNoLongerFitsFailsTheTableAndTheOldRowsStay() throws SQLException {
        createTable(true);
        insert(1, 10, "row");
        runOk(configWith(""));
        ReplicaReader.edit(replicaPath(), "CREATE INDEX by_hand ON \"" + table + "\" (secret)");
        CliRun result = run(configWith("\"excludeColumns\": [\"secret\"]"));
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("the index by_hand, made by hand on " + table + ", does not fit the new rows"),
                result.err);
        assertTrue(sqliteColumns().contains("secret"), "the old table stays");
        assertTrue(schemaObjects("index").contains("by_hand"));
        assertFalse(schemaObjects("table").contains(shadow()));
        assertReplicaEqualsSource();
    }

    @Test
    void aUniqueIndexTheNewRowsBreakFailsTheTableAndTheOldRowsStay() {
        createTable(true);
        insert(1, 10, "row");
        Path config = configWith("\"indexes\": [{\"columns\": [\"name\"], \"unique\": true}]");
        runOk(config);
        List<String> before = replicaRows();
        db.execute("UPDATE " + q(table) + " SET name = 'same' WHERE id IN (2, 3)");
        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("cannot be made: rows of " + table + " share values"), result.err);
        assertEquals(before, replicaRows(), "the old rows stay");
        assertFalse(schemaObjects("table").contains(shadow()));
    }

    /** A table of the target's name that replicate did not make is never dropped by a full refresh. */
    @Test
    void aTableOfTheUsersWithTheTargetsNameIsNotReplaced() throws SQLException {
        createTable(true);
        insert(1, 3, "row");
        ReplicaReader.edit(replicaPath(), "CREATE TABLE \"" + table + "\" (mine TEXT)", "INSERT INTO \"" + table
                + "\" VALUES ('keep me')");
        CliRun result = run(configWith(""));
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("replicate has no record of making it"), result.err);
        assertEquals("keep me", ReplicaReader.single(replicaPath(), "SELECT mine FROM \"" + table + "\""));
    }

    /**
     * A reader on another connection polls the table while a long full read (many small pages) and the
     * swap run: it sees every old row or every new row, never a part, never none. A reader inside a read
     * transaction keeps the old rows until it ends it.
     */
    @Test
    void aConcurrentReaderNeverSeesAPartialOrEmptyTable() throws Exception {
        createTable(true);
        insert(1, 20_000, "old");
        Path config = configWith("\"pageSize\": 50");
        runOk(config);
        String renamed = db.sourceType().equals("postgres") ? "'new ' || id" : "CONCAT('new ', id)";
        db.execute("UPDATE " + q(table) + " SET name = " + renamed,
                "DELETE FROM " + q(table) + " WHERE id > 19000");
        insert(30_001, 32_000, "new");
        long oldCount = 20_000;
        long newCount = 21_000;

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        long[] midRead = {0};
        Thread reader = new Thread(() -> {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + replicaPath());
                 Statement statement = connection.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rs = statement.executeQuery("SELECT count(*), sum(name LIKE 'new %'),"
                            + " (SELECT count(*) FROM sqlite_master WHERE name = '" + shadow() + "') FROM \"" + table + "\"")) {
                        rs.next();
                        long count = rs.getLong(1);
                        long fresh = rs.getLong(2);
                        String view = count + " rows, " + fresh + " new";
                        if (!(count == oldCount && fresh == 0) && !(count == newCount && fresh == newCount)) {
                            throw new AssertionError("the reader saw " + view);
                        }
                        if (rs.getLong(3) > 0) {
                            midRead[0]++;
                        }
                        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(view)) {
                            seen.add(view);
                        }
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "replica-reader");

        // A reader that began its read transaction before the run keeps the old rows until it ends it.
        try (Connection held = DriverManager.getConnection("jdbc:sqlite:" + replicaPath());
             Statement statement = held.createStatement()) {
            held.setAutoCommit(false);
            assertEquals(oldCount, count(statement));
            reader.start();
            try {
                // The run starts only once the reader polls: a reader thread still starting on a loaded
                // machine saw nothing before the copy was done, and the test then proved nothing.
                long firstPollBy = System.currentTimeMillis() + 10_000;
                while (seen.isEmpty() && failure.get() == null && System.currentTimeMillis() < firstPollBy) {
                    Thread.sleep(1);
                }
                runOk(config);
                // Until the reader has polled the table once more after the swap.
                long deadline = System.currentTimeMillis() + 10_000;
                while (seen.size() < 2 && failure.get() == null && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
            } finally {
                stop.set(true);
                reader.join();
            }
            assertEquals(oldCount, count(statement), "a read transaction keeps its snapshot across the swap");
            held.commit();
            assertEquals(newCount, count(statement));
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertReplicaEqualsSource();
        assertEquals(List.of(oldCount + " rows, 0 new", newCount + " rows, " + newCount + " new"), seen);
        assertTrue(midRead[0] > 0, "the reader polled while the copy was being written");
    }

    private long count(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void statusShowsAFullTableWithoutACursor() {
        createTable(true);
        insert(1, 12, "row");
        Path config = configWith("");
        runOk(config);
        CliRun status = CliRun.on(dir, "status", config, replicaPath());
        assertEquals(0, status.status, status::toString);
        String line = status.out.lines().filter(l -> l.startsWith(table)).findFirst().orElseThrow();
        assertTrue(line.contains("(full: whole table each run)") && line.contains(" ok ") && line.contains(" 12 "), line);

        CliRun json = CliRun.on(dir, "status", config, replicaPath(), "--json");
        JsonObject object = JsonParser.parseString(json.out).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("full", object.get("mode").getAsString());
        assertTrue(object.get("watermarkColumn").isJsonNull() && object.get("watermark").isJsonNull()
                && object.get("firstSync").isJsonNull(), object.toString());
        assertEquals(12, object.get("rowsPulled").getAsInt());
        assertTrue(object.get("ok").getAsBoolean());
    }

    /**
     * Incremental to full: the full run replaces the table (a row deleted at the source goes) and the
     * cursor is forgotten. Full to incremental: a first sync from the start, into the table as it is
     * for a table with a key (rows replace themselves), from an empty table for one without (its rows
     * have no identities to match).
     */
    @Test
    void aTableSwitchedBetweenModesStaysExact() {
        for (boolean withKey : List.of(true, false)) {
            table = "switch_" + withKey;
            createTable(withKey);
            insert(1, 10, "row");
            db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-02 00:00:00")
                    + " WHERE id = 10");
            String key = withKey ? "" : ", \"primaryKey\": []";
            Path incremental = configWith("\"watermark\": \"updated_at\"" + key);
            Path full = configWith("\"mode\": \"full\"" + key);
            runOk(incremental);
            assertEquals("2024-01-02T00:00", state("last_value").get(0));

            db.execute("DELETE FROM " + q(table) + " WHERE id = 3");
            runOk(full);
            assertReplicaEqualsSource();
            assertEquals(Arrays.asList("", null, null), state("watermark_column, watermark_type, last_value"));

            insert(11, 12, "row");
            db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-03 00:00:00")
                    + " WHERE id >= 11");
            CliRun back = runOk(incremental);
            assertReplicaEqualsSource();
            assertEquals(Arrays.asList("updated_at", "2024-01-03T00:00"), state("watermark_column, last_value"),
                    back::toString);
            CliRun status = CliRun.on(dir, "status", incremental, replicaPath());
            assertTrue(status.out.contains("updated_at = 2024-01-03T00:00"), status.out);
        }
    }

    /** validate-config --connect and reflect plan a full table as run does: no hidden row key without a key. */
    @Test
    void validateConfigConnectShowsAFullTablesPlan() {
        createTable(false);
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", configWith("").toString());
        assertEquals(0, check.status, check::toString);
        CliRun reflect = CliRun.run(dir, "reflect", "--config", configWith("").toString());
        assertEquals(0, reflect.status, reflect::toString);
        assertTrue(reflect.out.contains("CREATE TABLE \"" + table + "\" (") && !reflect.out.contains("_replicate_row_key"),
                reflect.out);
        JsonArray json = JsonParser.parseString(CliRun.run(dir, "reflect", "--json", "--config", configWith("").toString()).out)
                .getAsJsonArray();
        assertEquals("full", json.get(0).getAsJsonObject().get("mode").getAsString());
    }

    // --- the guard: an empty read never empties a replica silently ------------------------------

    /**
     * A source table emptied (truncated while it is reloaded, say): the run fails with the counts and the
     * way on, the replica keeps its rows and its state, no copy stays; the flag lets the empty copy in.
     */
    @Test
    void aSourceTableEmptiedFailsTheTableUntilTheFlagLetsTheEmptyCopyIn() {
        createTable(true);
        insert(1, 25, "row");
        Path config = configWith("\"pageSize\": 10");
        runOk(config);
        List<String> before = replicaRows();
        String kept = "watermark_column, watermark_type, last_value, snapshot_after, last_success_ts";
        List<Object> stateBefore = state(kept);
        db.execute("DELETE FROM " + q(table));

        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("the source returned no rows for " + table) && refused.err.contains("holds 25")
                && refused.err.contains("nothing was changed")
                && refused.err.contains("replicate run --allow-mass-delete " + table), refused.err);
        assertEquals(before, replicaRows(), "the replica keeps its rows");
        assertEquals(stateBefore, state(kept), "the state stays as the last success left it");
        assertFalse(schemaObjects("table").contains(shadow()), "the empty copy is dropped");
        assertEquals(0L, state("last_ok").get(0));

        CliRun allowed = CliRun.on(dir, "run", config, replicaPath(), "--allow-mass-delete", table);
        assertEquals(0, allowed.status, allowed::toString);
        assertEquals(List.of(), replicaRows());
        assertEquals(1L, state("last_ok").get(0));
        assertFalse(schemaObjects("table").contains(shadow()));

        // Empty at the source and in the replica: nothing to guard, the run is fine without the flag.
        runOk(config);
        insert(1, 3, "back");
        runOk(config);
        assertReplicaEqualsSource();
    }

    /** A "where" that matches nothing (a typo in a tenant's id) trips the guard as an emptied table does. */
    @Test
    void aWhereThatMatchesNothingTripsTheGuard() {
        createTable(true);
        insert(1, 8, "row");
        runOk(configWith("\"where\": \"id > 2\""));
        List<String> before = replicaRows();
        assertEquals(6, before.size());

        CliRun refused = run(configWith("\"where\": \"id > 1000\""));
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("the source returned no rows for " + table) && refused.err.contains("holds 6")
                && refused.err.contains("\"where\"") && refused.err.contains("--allow-mass-delete " + table),
                refused.err);
        assertEquals(before, replicaRows());
        assertFalse(schemaObjects("table").contains(shadow()));

        // A smaller read that is not empty is the table as the source has it now: swapped in.
        runOk(configWith("\"where\": \"id > 7\""));
        assertEquals(sourceRows("id > 7"), replicaRows());
    }

    /** A first run of an empty source table (or of a "where" that matches nothing) makes an empty table. */
    @Test
    void anEmptySourceIntoAnEmptyReplicaIsFine() {
        createTable(false);
        Path config = configWith("\"primaryKey\": []");
        runOk(config);
        assertEquals(List.of(), replicaRows());
        assertTrue(schemaObjects("table").contains(table));
        runOk(config);
        insert(1, 2, "row");
        runOk(configWith("\"primaryKey\": [], \"where\": \"id > 5\""));
        assertEquals(List.of(), replicaRows());
    }

    /**
     * A column renamed or dropped at the source leaves a full table at its next run: the table is made
     * anew from the source's columns, so no row can keep a value the source no longer holds (unlike an
     * incremental table, which keeps the column, NULL in the rows it writes from then on).
     */
    @Test
    void aColumnGoneFromTheSourceLeavesAFullTable() {
        for (boolean withKey : List.of(true, false)) {
            table = table + (withKey ? "k" : "n");
            createTable(withKey);
            insert(1, 3, "row");
            Path config = configWith("\"mode\": \"full\"");
            runOk(config);
            db.execute("ALTER TABLE " + q(table) + " RENAME COLUMN secret TO hint",
                    "ALTER TABLE " + q(table) + " DROP COLUMN updated_at");
            runOk(config);
            assertEquals(List.of(List.of("id"), List.of("name"), List.of("hint")), ReplicaReader.query(replicaPath(),
                    "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid"), table);
            assertEquals(List.of(List.of("s1"), List.of("s2"), List.of("s3")), ReplicaReader.query(replicaPath(),
                    "SELECT hint FROM \"" + table + "\" ORDER BY id"), table);
        }
    }
}
