package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table entry's {@code "query"} (issue #15, item 7), on every source type: a join replicated
 * incrementally, {@code where} and {@code columns} on a query, a query's types against the same
 * types read from a table, bad queries, and reads that cannot write.
 */
public abstract class QueryBehaviour extends SourceScenarios {
    /** This test's prefix for its source tables and targets. */
    protected String prefix;

    protected QueryBehaviour() {
        super("q");
    }

    /**
     * Column types to read through a table and through a query, each with a literal of it (a row holds
     * these, another row NULLs, or a third element where the type takes no NULL): the whole type table
     * of the source, as far as a test can make it.
     */
    protected abstract List<List<String>> typedColumns();

    /**
     * Statements that make a function {@code name()} returning 1 that inserts a row into {@code side}
     * (a table with one integer column n) when called.
     */
    protected abstract List<String> writingFunction(String name, String side);

    /**
     * Whether a column of this type can be a watermark through a query exactly when it can through a
     * table: yes, but where the result's metadata cannot tell the type apart (and the difference is
     * documented).
     */
    protected boolean sameWatermarkAbility(String type) {
        return true;
    }

    @BeforeEach
    void freshPrefix() {
        prefix = table + "_";
    }

    // --- helpers -------------------------------------------------------------------------------

    private String ts(String isoDateTime) {
        return db.timestampLiteral(isoDateTime);
    }

    /** A query entry: its query, target, key id and watermark updated_at, and {@code extra} members. */
    private static String queryEntry(String query, String target, String extra) {
        return "{\"query\": " + new Gson().toJson(query) + ", \"target\": \"" + target + "\", \"primaryKey\": \"id\","
                + " \"watermark\": \"updated_at\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private void createShop() {
        db.execute("CREATE TABLE " + q(prefix + "customers") + " (id BIGINT PRIMARY KEY, name VARCHAR(100),"
                        + " updated_at " + db.timestampType() + " NOT NULL)",
                "CREATE TABLE " + q(prefix + "orders") + " (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
                        + " total DECIMAL(10,2), updated_at " + db.timestampType() + " NOT NULL)",
                "INSERT INTO " + q(prefix + "customers") + " VALUES (1, 'Ann', " + ts("2024-01-01 10:00:00") + "),"
                        + " (2, 'Bob', " + ts("2024-01-01 10:00:00") + ")");
        for (int i = 1; i <= 7; i++) {
            db.execute("INSERT INTO " + q(prefix + "orders") + " VALUES (" + i + ", " + (i % 2 + 1) + ", " + i + ".50, "
                    + ts("2024-01-01 11:00:0" + i) + ")");
        }
    }

    /**
     * One row per order with its customer's name, whose watermark moves when the order or its customer
     * changes: the newer of the two rows' updated_at.
     */
    private String ordersWithCustomers() {
        return "SELECT o.id, o.total, c.name AS customer, GREATEST(o.updated_at, c.updated_at) AS updated_at FROM "
                + q(prefix + "orders") + " o JOIN " + q(prefix + "customers") + " c ON c.id = o.customer_id";
    }

    /** The query's rows at the source, as text: id, total, customer. */
    private List<List<String>> sourceRows(String where) {
        return db.query("SELECT id, total, customer FROM (" + ordersWithCustomers() + ") AS s"
                + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY id");
    }

    private List<List<String>> replicaRows(String target) {
        return ReplicaReader.query(replicaPath(), "SELECT id, total, customer FROM \"" + target + "\" ORDER BY id").stream()
                .map(row -> row.stream().map(v -> v == null ? null : v.toString()).toList()).toList();
    }

    private List<Object> column(String sql) {
        return ReplicaReader.query(replicaPath(), sql).stream().map(row -> row.get(0)).toList();
    }

    // --- scenarios -----------------------------------------------------------------------------

    /**
     * A join, read page by page by its watermark, then incrementally: a customer renamed (its
     * updated_at moves, so the join's watermark moves for each of its orders), an order changed and a
     * new order are all caught on the next run. Its state stands under query:&lt;target&gt;.
     */
    @Test
    void aJoinQueryIsReplicatedIncrementallyAndCatchesChangesToAnyJoinedRow() {
        createShop();
        String target = prefix + "summary";
        Path config = config(queryEntry(ordersWithCustomers(), target, "\"pageSize\": 2"));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(0, check.status, check::toString);
        runOk(config);
        assertEquals(sourceRows(""), replicaRows(target));
        assertEquals(List.of("query:" + target), column("SELECT \"table\" FROM _replicate_watermarks"));
        assertEquals(List.of("2024-01-01T11:00:07"), column("SELECT last_value FROM _replicate_watermarks"));

        db.execute("UPDATE " + q(prefix + "customers") + " SET name = 'Bea', updated_at = " + ts("2024-01-02 09:00:00")
                        + " WHERE id = 2",
                "UPDATE " + q(prefix + "orders") + " SET total = 99.99, updated_at = " + ts("2024-01-02 08:00:00")
                        + " WHERE id = 2",
                "INSERT INTO " + q(prefix + "orders") + " VALUES (8, 1, 8.00, " + ts("2024-01-02 10:00:00") + ")");
        runOk(config);
        assertEquals(sourceRows(""), replicaRows(target));
        assertTrue(replicaRows(target).contains(List.of("1", "1.50", "Bea")), replicaRows(target).toString());
        assertEquals(List.of("2024-01-02T10:00"), column("SELECT last_value FROM _replicate_watermarks"));
        CliRun status = CliRun.on(dir, "status", config, replicaPath());
        assertTrue(status.out.contains("query:" + target), status::toString);
    }

    /** "columns" and "where" name the query's result columns, and work as they do on a table. */
    @Test
    void whereAndColumnsWorkOnAQuery() {
        createShop();
        String target = prefix + "ann";
        Path config = config(queryEntry(ordersWithCustomers(), target,
                "\"columns\": [\"id\", \"customer\", \"updated_at\"], \"where\": \"customer = 'Ann'\""));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(0, check.status, check::toString);
        runOk(config);
        assertEquals(List.of("id", "customer", "updated_at"),
                column("SELECT name FROM pragma_table_info('" + target + "') ORDER BY cid"));
        assertEquals(sourceRows("customer = 'Ann'").stream().map(r -> List.of(r.get(0), r.get(2))).toList(),
                ReplicaReader.query(replicaPath(), "SELECT id, customer FROM \"" + target + "\" ORDER BY id").stream()
                        .map(row -> row.stream().map(Object::toString).toList()).toList());
        db.execute("UPDATE " + q(prefix + "customers") + " SET name = 'Ann', updated_at = " + ts("2024-01-03 00:00:00")
                + " WHERE id = 2");
        runOk(config);
        assertEquals(7L, ReplicaReader.count(replicaPath(), target), "Bob's orders are Ann's now, and match the filter");
    }

    /**
     * Every type of the source's type table read through a query is stored as when read from the table:
     * the same SQLite column types, the same values (type and value, by SQLite's quote()), and the same
     * columns that can be watermarks (reflect --json).
     */
    @Test
    void typesThroughAQueryEqualTheSameTypesThroughATable() {
        List<List<String>> types = typedColumns();
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + q(prefix + "typed") + " (id BIGINT PRIMARY KEY,"
                + " updated_at " + db.timestampType() + " NOT NULL");
        List<String> values = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            ddl.append(", c").append(i).append(' ').append(types.get(i).get(0));
            values.add(types.get(i).get(1));
            nulls.add(types.get(i).size() > 2 ? types.get(i).get(2) : "NULL");
        }
        db.execute(ddl.append(')').toString(),
                "INSERT INTO " + q(prefix + "typed") + " VALUES (1, " + ts("2024-01-01 10:00:00") + ", "
                        + String.join(", ", values) + ")",
                "INSERT INTO " + q(prefix + "typed") + " VALUES (2, " + ts("2024-01-01 10:00:01") + ", "
                        + String.join(", ", nulls) + ")");
        String table = prefix + "from_table";
        String query = prefix + "from_query";
        Path config = config("{\"name\": \"" + prefix + "typed\", \"target\": \"" + table + "\", \"watermark\": \"updated_at\"}",
                queryEntry("SELECT * FROM " + q(prefix + "typed"), query, ""));
        runOk(config);

        assertEquals(column("SELECT name || ' ' || type FROM pragma_table_info('" + table + "') ORDER BY cid"),
                column("SELECT name || ' ' || type FROM pragma_table_info('" + query + "') ORDER BY cid"));
        String quoted = "id" + java.util.stream.IntStream.range(0, types.size()).mapToObj(i -> " || ' | ' || quote(c" + i + ")")
                .collect(Collectors.joining());
        List<Object> fromTable = column("SELECT " + quoted + " FROM \"" + table + "\" ORDER BY id");
        assertEquals(fromTable, column("SELECT " + quoted + " FROM \"" + query + "\" ORDER BY id"));
        assertEquals(2, fromTable.size());

        CliRun reflect = CliRun.run(dir, "reflect", "--json", "--config", config.toString());
        assertEquals(0, reflect.status, reflect::toString);
        JsonArray entries = JsonParser.parseString(reflect.out).getAsJsonArray();
        List<String> same = new ArrayList<>(List.of("id", "updated_at"));
        for (int i = 0; i < types.size(); i++) {
            if (sameWatermarkAbility(types.get(i).get(0))) {
                same.add("c" + i);
            }
        }
        assertEquals(typing(entries.get(0), same), typing(entries.get(1), same));
        assertEquals(typing(entries.get(0), List.of()), typing(entries.get(1), List.of()));
        assertTrue(entries.get(1).getAsJsonObject().get("ddl").getAsString().startsWith("CREATE TABLE \"" + query + "\""),
                reflect.out);
    }

    /**
     * Each column's name and SQLite type, from reflect --json, and for the columns {@code watermarks}
     * names whether it can be a watermark.
     */
    private static List<String> typing(JsonElement entry, List<String> watermarks) {
        List<String> typing = new ArrayList<>();
        for (JsonElement column : entry.getAsJsonObject().getAsJsonArray("columns")) {
            String name = column.getAsJsonObject().get("name").getAsString();
            typing.add(name + " " + column.getAsJsonObject().get("sqliteType").getAsString()
                    + (watermarks.contains(name) ? " " + column.getAsJsonObject().get("canBeWatermark").getAsBoolean() : ""));
        }
        return typing;
    }

    /**
     * Queries the server refuses (a syntax error, an unknown column), and one without the configured
     * watermark: validate-config --connect names each entry's JSON path and the reason; run fails those
     * entries only, and the good one runs.
     */
    @Test
    void aBadQueryIsReportedWithItsPathAndFailsThatTableOnly() {
        createShop();
        String orders = q(prefix + "orders");
        Path config = config(
                queryEntry("SELECT id, updated_at FROM " + orders + " WHERE", prefix + "syntax", ""),
                queryEntry("SELECT id, no_such_column AS updated_at FROM " + orders, prefix + "unknown", ""),
                queryEntry("SELECT id, total FROM " + orders, prefix + "no_watermark", ""),
                queryEntry("SELECT id, updated_at FROM " + orders, prefix + "good", ""));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue(check.err.contains("$[0].tables[0].query does not run at the source: "), check.err);
        assertTrue(check.err.contains("$[0].tables[1].query does not run at the source: ")
                && check.err.contains("no_such_column"), check.err);
        assertTrue(check.err.contains("the watermark column updated_at does not exist in the query of " + prefix
                + "no_watermark; its columns are id, total"), check.err);
        assertTrue(check.out.contains(prefix + "good"), check::toString);

        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].query does not run at the source: ")
                && result.err.contains("$[0].tables[1].query does not run at the source: "), result.err);
        assertEquals(List.of(0L, 0L, 0L, 1L), column("SELECT ok FROM _replicate_log ORDER BY id"));
        assertEquals(7L, ReplicaReader.count(replicaPath(), prefix + "good"));
    }

    /**
     * Every statement a query entry sends runs in a read-only transaction, and so does every read with a
     * "where": a query or a filter that calls a function which writes fails (the server refuses the
     * write), nothing is written at the source, and the other entries run. (Found with this test: the
     * transaction of PostgreSQL's COPY, and every MariaDB session, were not read-only.)
     */
    @Test
    void aQueryThatWouldWriteIsRefusedByTheServer() {
        createShop();
        String side = prefix + "side";
        db.execute("CREATE TABLE " + q(side) + " (n INTEGER)");
        db.execute(writingFunction(prefix + "writes", side).toArray(String[]::new));
        String orders = q(prefix + "orders");
        Path config = config(
                queryEntry("SELECT id, updated_at, " + q(prefix + "writes") + "() AS n FROM " + orders, prefix + "w", ""),
                queryEntry("SELECT id, updated_at FROM " + orders, prefix + "good", ""),
                "{\"name\": \"" + prefix + "orders\", \"target\": \"" + prefix + "w_where\", \"watermark\": \"updated_at\","
                        + " \"where\": " + new Gson().toJson(q(prefix + "writes") + "() = 1") + "}");
        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains(prefix + "w failed") && result.err.contains(prefix + "w_where failed"), result.err);
        assertTrue(result.err.toLowerCase(java.util.Locale.ROOT).contains("read-only")
                || result.err.toLowerCase(java.util.Locale.ROOT).contains("read only"), result.err);
        assertEquals(List.of(List.of("0")), db.query("SELECT COUNT(*) FROM " + q(side)));
        assertEquals(7L, ReplicaReader.count(replicaPath(), prefix + "good"));
        assertFalse(Objects.toString(column("SELECT error FROM _replicate_log WHERE target = '" + prefix + "good'")
                .get(0)).contains("read"));
    }

    /** A query entry without a watermark: full, read whole on every run. */
    private static String fullQueryEntry(String query, String target, String extra) {
        return "{\"query\": " + new Gson().toJson(query) + ", \"target\": \"" + target + "\", \"primaryKey\": \"id\""
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    /**
     * A query entry without a watermark is a full one: its result is read whole on every run and swapped
     * in, so a change to any joined row is caught whatever its timestamps say, and a row that leaves the
     * result leaves the replica. reflect and status show it as full, under query:&lt;target&gt;. A result
     * that comes back empty over a replica with rows trips the guard, as a full table's does.
     */
    @Test
    void aFullQueryEntryIsReadWholeOnEveryRun() {
        createShop();
        String target = prefix + "full";
        Path config = config(fullQueryEntry(ordersWithCustomers(), target, "\"pageSize\": 3"));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(0, check.status, check::toString);
        runOk(config);
        assertEquals(sourceRows(""), replicaRows(target));
        assertEquals(List.of(List.of("query:" + target, "")), ReplicaReader.query(replicaPath(),
                "SELECT \"table\", watermark_column FROM _replicate_watermarks"));

        // No timestamp moves: a full read does not need one to.
        db.execute("UPDATE " + q(prefix + "customers") + " SET name = 'Bea' WHERE id = 2",
                "DELETE FROM " + q(prefix + "orders") + " WHERE id = 4",
                "INSERT INTO " + q(prefix + "orders") + " VALUES (8, 2, 8.00, " + ts("2023-01-01 00:00:00") + ")");
        runOk(config);
        assertEquals(sourceRows(""), replicaRows(target));
        assertTrue(replicaRows(target).contains(List.of("8", "8.00", "Bea")) && replicaRows(target).size() == 7,
                replicaRows(target).toString());

        CliRun reflect = CliRun.run(dir, "reflect", "--json", "--config", config.toString());
        assertEquals(0, reflect.status, reflect::toString);
        var entry = JsonParser.parseString(reflect.out).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("full", entry.get("mode").getAsString(), reflect.out);
        assertTrue(entry.get("ddl").getAsString().startsWith("CREATE TABLE \"" + target + "\""), reflect.out);
        CliRun status = CliRun.on(dir, "status", config, replicaPath());
        assertEquals(0, status.status, status::toString);
        String line = status.out.lines().filter(l -> l.startsWith(target)).findFirst().orElseThrow();
        assertTrue(line.contains("query:" + target) && line.contains("(full: whole table each run)")
                && line.contains(" ok ") && line.contains(" 7 "), status.out);
        CliRun json = CliRun.on(dir, "status", config, replicaPath(), "--json");
        var object = JsonParser.parseString(json.out).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("full", object.get("mode").getAsString(), json.out);

        db.execute("DELETE FROM " + q(prefix + "orders"));
        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("the source returned no rows for " + target + " (the query of " + target)
                && refused.err.contains("--allow-mass-delete " + target), refused.err);
        assertEquals(7, replicaRows(target).size(), "the replica keeps its rows");
    }

    /**
     * A reconcile on a query entry: the rows that leave the query's result (an order deleted, an order
     * whose total no longer passes the query's own WHERE, an order whose customer is gone from the join)
     * are deleted from the replica; the rest stay.
     */
    @Test
    void aReconcileOnAQueryDeletesTheRowsThatLeaveItsResult() {
        createShop();
        String target = prefix + "reconciled";
        String query = ordersWithCustomers() + " WHERE o.total < 7";
        Path config = config(queryEntry(query, target, "\"pageSize\": 2, \"deletes\": {\"reconcile\": \"PT0S\"}"));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(0, check.status, check::toString);
        runOk(config);
        assertEquals(sourceRows("total < 7"), replicaRows(target));
        assertEquals(6, replicaRows(target).size());

        db.execute("DELETE FROM " + q(prefix + "orders") + " WHERE id = 1",
                "UPDATE " + q(prefix + "orders") + " SET total = 70, updated_at = " + ts("2024-01-02 00:00:00")
                        + " WHERE id = 3",
                "UPDATE " + q(prefix + "orders") + " SET customer_id = 3 WHERE id = 6");
        CliRun second = runOk(config);
        assertEquals(sourceRows("total < 7"), replicaRows(target), second::toString);
        assertEquals(List.of("2", "4", "5"), replicaRows(target).stream().map(r -> r.get(0)).toList());
        assertEquals(List.of(3L), column("SELECT last_reconcile_deleted FROM _replicate_watermarks"));
        assertEquals(3L, ReplicaReader.single(replicaPath(), "SELECT rows_deleted FROM _replicate_log ORDER BY id DESC LIMIT 1"));
    }
}
