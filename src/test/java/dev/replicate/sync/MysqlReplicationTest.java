package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shared replication scenarios against MySQL or MariaDB. */
class MysqlReplicationTest extends ReplicationBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }

    @Override
    protected String singlePrecisionType() {
        return "FLOAT";
    }

    @Override
    protected String textOrderedByLanguage() {
        return "VARCHAR(20) COLLATE utf8mb4_general_ci";
    }

    @Override
    protected List<String> equalWatermarkSpellings() {
        return List.of("VARCHAR(20) COLLATE utf8mb4_general_ci", "k", "K");
    }

    @Override
    protected String unlimitedKeyTextType() {
        return "VARCHAR(500)";
    }

    /**
     * A date with a zero day (2024-06-00, which a server without NO_ZERO_IN_DATE keeps) as the newest
     * watermark: the first sync notes it as its boundary, so reading it must not fail the table (the
     * driver's own date parsing does); it sorts as the day before the month, 2024-05-31.
     */
    @Test
    void aZeroDayAsTheNewestWatermarkDoesNotStopTheFirstSync() {
        createItems(true);
        db.execute("SET SESSION sql_mode = ''",
                "INSERT INTO " + q(table) + " (id, updated_at, name) VALUES (1, '2024-05-01 10:00:00', 'a real date'),"
                        + " (2, '2024-06-00 10:00:00', 'a zero day')");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEquals(List.of(List.of(1L, "a real date"), List.of(2L, "a zero day")), replicaRows());
        assertEquals(Arrays.asList(2L, null), ReplicaReader.query(replicaPath(),
                "SELECT id, updated_at FROM \"" + table + "\" WHERE id = 2").get(0), "not a date: NULL, with a note");
    }

    /**
     * Rows without a key are told apart by a digest of their stored values (RowKeys). Zero dates (a zero
     * month or day) are stored as NULL, so two rows that differ only in which zero date their watermark
     * holds store the same values; each is read as a watermark value of its own (the day before), so each
     * was counted the first of its kind, both got one identity, and one was lost.
     */
    @Test
    void rowsWithoutAKeyThatDifferOnlyInTheirZeroDateWatermarkAreAllKept() {
        db.execute("CREATE TABLE " + q(table) + " (wm DATE, name VARCHAR(20))");
        db.execute("SET SESSION sql_mode = ''", "INSERT INTO " + q(table) + " (wm, name) VALUES ('2024-05-00', 'a'),"
                + " ('2024-05-10', 'b'), ('2024-06-00', 'a'), ('2024-06-00', 'a')");
        Path config = config(entry("\"watermark\": \"wm\", \"primaryKey\": []"));
        for (int run = 1; run <= 2; run++) {
            runOk(config);
            assertEquals(List.of(List.of("a", 3L), List.of("b", 1L)), ReplicaReader.query(replicaPath(),
                    "SELECT name, count(*) FROM \"" + table + "\" GROUP BY name ORDER BY name"), "run " + run + ": " + log());
        }
        CliRun verified = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, verified.status, verified::toString);
    }

    /**
     * MariaDB gives a system-versioned table's primary key a hidden column, the implicit row_end, which
     * information_schema lists in the key but not among the columns (a plain SELECT reads the current
     * rows only, whose row_end is all the same). The table failed on every run and verify, saying its key
     * column row_end did not exist: it is replicated by the key it was declared with.
     */
    @Test
    void aSystemVersionedTableIsReplicatedByItsDeclaredKey() {
        Assumptions.assumeTrue(db.query("SELECT VERSION()").get(0).get(0).contains("MariaDB"), "MariaDB only");
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NULL, name VARCHAR(100)) WITH SYSTEM VERSIONING");
        insert(1, "2024-01-01 10:00:00", "one");
        insert(2, "2024-01-01 10:00:01", "two");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\"}"));
        runOk(config);
        assertReplicaEqualsSource();
        db.execute("UPDATE " + q(table) + " SET name = 'one, again', updated_at = '2024-01-02 10:00:00' WHERE id = 1",
                "DELETE FROM " + q(table) + " WHERE id = 2");
        insert(3, "2024-01-02 10:00:01", "three");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals(List.of(List.of("id")), ReplicaReader.query(replicaPath(),
                "SELECT name FROM pragma_table_info('" + table + "') WHERE pk > 0"), "the declared key, no row_end");
        CliRun verified = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, verified.status, verified::toString);
    }

    /**
     * A system-versioned table declared with its period columns (GENERATED ALWAYS AS ROW START / ROW END,
     * PERIOD FOR SYSTEM_TIME): MariaDB adds the end column to the primary key and lists it among the
     * columns, so the key is (id, e), as released builds keyed such tables; it is unique among the current
     * rows a SELECT reads. A build that left e out saw the key of every such replica as changed, and failed
     * the table on every run ("the primary key changed ... run replicate reset"), blaming the source.
     * A transaction-id period's e is a BIGINT UNSIGNED, a key column verify cannot cut into ranges (as in
     * any table), so only the timestamp period is verified.
     */
    @Test
    void aSystemVersionedTableWithExplicitPeriodColumnsKeepsTheKeyTheServerGivesIt() {
        Assumptions.assumeTrue(db.query("SELECT VERSION()").get(0).get(0).contains("MariaDB"), "MariaDB only");
        for (String period : List.of("TIMESTAMP(6)", "BIGINT UNSIGNED")) {
            table = table + "_p";
            db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                    + " NULL, name VARCHAR(100), s " + period + " GENERATED ALWAYS AS ROW START, e " + period
                    + " GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME(s, e)) ENGINE=InnoDB WITH SYSTEM VERSIONING");
            insert(1, "2024-01-01 10:00:00", "one");
            insert(2, "2024-01-01 10:00:01", "two");
            Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\"}"));
            runOk(config);
            db.execute("UPDATE " + q(table) + " SET name = 'one, again', updated_at = '2024-01-02 10:00:00' WHERE id = 1");
            insert(3, "2024-01-02 10:00:01", "three");
            runOk(config);
            assertEquals(List.of(List.of("id"), List.of("e")), ReplicaReader.query(replicaPath(),
                    "SELECT name FROM pragma_table_info('" + table + "') WHERE pk > 0 ORDER BY pk"), period);
            assertEquals(List.of(List.of("1 one, again"), List.of("2 two"), List.of("3 three")), ReplicaReader.query(
                    replicaPath(), "SELECT id || ' ' || name FROM \"" + table + "\" ORDER BY id"), period);
            if (period.startsWith("TIMESTAMP")) {
                CliRun verified = CliRun.run(dir, "verify", "--config", config.toString(), "--db",
                        replicaPath().toString());
                assertEquals(0, verified.status, verified::toString);
            }
        }
    }

    /**
     * A MERGE table's key is not unique across the tables it unites, so its first sync is not read in
     * key order (which would meet the same key twice and fall back with a note) but in watermark
     * order from the start, as before.
     */
    @Test
    void aMergeTableIsNotReadInKeyOrder() {
        Assumptions.assumeTrue(db.query("SELECT ENGINE FROM information_schema.ENGINES WHERE ENGINE = 'MRG_MyISAM'"
                + " AND SUPPORT IN ('YES', 'DEFAULT')").size() == 1, "this server has no MERGE engine");
        String columns = " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NULL, name VARCHAR(100))";
        db.execute("CREATE TABLE " + q(table + "_a") + columns + " ENGINE=MyISAM",
                "CREATE TABLE " + q(table + "_b") + columns + " ENGINE=MyISAM",
                "CREATE TABLE " + q(table) + columns + " ENGINE=MRG_MyISAM UNION=(" + q(table + "_a") + ", "
                        + q(table + "_b") + ")",
                "INSERT INTO " + q(table + "_a") + " VALUES (1, '2024-01-01 10:00:00', 'in a'), (2, '2024-01-01 10:00:01', 'two')",
                // Both copies of key 1 lie below the newest watermark (key 3's), where a snapshot would read them.
                "INSERT INTO " + q(table + "_b") + " VALUES (1, '2024-01-01 11:00:00', 'in b, same key, newer'),"
                        + " (3, '2024-01-01 12:00:00', 'newest')");
        runOk(config(tableBlock("")));
        assertEquals(List.of(List.of(1L, "in b, same key, newer"), List.of(2L, "two"), List.of(3L, "newest")),
                replicaRows());
        assertEquals(null, log().get(0).get(4), "no fallback note: it never tried key order");
    }

    /**
     * MySQL's nearest thing to PostgreSQL's -infinity: the zero date 0000-00-00, which sorts before every
     * date (the server has no NaN or infinity in DECIMAL, nor an infinite date). It is read, as the
     * smallest date (its column stored as NULL, with a note), so a cursor never stands beyond a real
     * date because of it, and the rows around it and after it arrive.
     */
    @Test
    void aZeroDateWatermarkSortsFirstAndNeverHoldsTheCursor() {
        createItems(true);
        db.execute("SET SESSION sql_mode = ''",
                "INSERT INTO " + q(table) + " (id, updated_at, name) VALUES (1, '2024-05-01 10:00:00', 'a'),"
                        + " (2, '0000-00-00 00:00:00', 'zero'), (3, '2024-05-02 10:00:00', 'b')");
        Path config = config(tableBlock("\"pageSize\": 1"));
        runOk(config);
        assertEquals("2024-05-02T10:00", storedWatermark());
        insert(4, "2024-05-03 10:00:00", "later");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals("2024-05-03T10:00", storedWatermark());
        assertEquals(Arrays.asList(2L, null), ReplicaReader.query(replicaPath(),
                "SELECT id, updated_at FROM \"" + table + "\" WHERE id = 2").get(0));
    }

    /**
     * MySQL pads no char when it reads it, so a char key given another length keeps every key's text:
     * the table goes on from its cursor, with nothing to note.
     */
    @Test
    void aCharKeyGivenAnotherLengthGoesOnFromItsCursor() {
        db.execute("CREATE TABLE " + q(table) + " (k CHAR(3) NOT NULL PRIMARY KEY, v VARCHAR(20), wm INTEGER NOT NULL)");
        db.execute("INSERT INTO " + q(table) + " (k, v, wm) VALUES ('a', 'a', 1), ('bb', 'b', 2)");
        Path config = config(entry("\"watermark\": \"wm\""));
        runOk(config);
        db.execute(db.retypeColumn(table, "k", "CHAR(5)"));
        db.execute("UPDATE " + q(table) + " SET v = 'a2', wm = 3 WHERE k = 'a'");
        runOk(config);
        assertEquals(List.of(List.of("a", "a2", 3L), List.of("bb", "b", 2L)), ReplicaReader.query(replicaPath(),
                "SELECT k, v, wm FROM \"" + table + "\" ORDER BY k"), log().toString());
        assertEquals(2L, log().get(1).get(1), "only the rows from the cursor on are read: " + log());
        assertEquals(null, log().get(1).get(4), "nothing to note: " + log());
    }
}
