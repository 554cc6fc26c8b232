package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's memory against tables that strain it, each copied in a child JVM of a small heap. Rows of
 * megabytes each (documents, images kept in the database): memory is bounded by bytes, not only by
 * rows, where holding a chunk of 512 rows would need the whole table. A table without a key whose rows
 * all share one watermark value (a bulk load stamped with one now()): its row identities are counted
 * in a few bytes a row.
 */
public abstract class WideRowScenarios extends FaultScenarioBase {
    /** Each row's text: 3 MiB. */
    private static final int REPEATS = 3 * 1024 * 1024 / 32;
    private static final int ROWS = 40;

    /** The same text the source's SQL builds: the md5 of the id's decimal, REPEATS times. */
    private static String payload(long id) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
        return String.format("%032x", new BigInteger(1, digest)).repeat(REPEATS);
    }

    private void createWideTable(String table) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, body " + bigText() + ")");
        for (int id = 1; id <= ROWS; id++) {
            db.execute("INSERT INTO " + q(table) + " VALUES (" + id + ", " + timestampSql(tick(id)) + ", "
                    + repeatedMd5(String.valueOf(id), REPEATS) + ")");
        }
    }

    @Test
    void rowsOfMegabytesCopyInAHeapMuchSmallerThanAPageOfThem() throws Exception {
        String table = "wide_rows";
        createWideTable(table);
        Path config = config(sourceJson(tableJson(table, "\"primaryKey\": \"id\"")));

        // 40 rows of 3 MiB: 120 MiB of text (twice that as the driver's bytes and Java's strings),
        // in a heap of 96 MiB.
        ChildReplicate child = ChildReplicate.start(work, List.of("-Xmx96m"), runArgs(config, replica()));
        assertEquals(0, child.waitFor(300), child::output);

        List<List<Object>> lengths = sqlite(replica(), "SELECT id, length(body) FROM " + table + " ORDER BY id");
        assertEquals(ROWS, lengths.size());
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + replica());
             PreparedStatement select = sqlite.prepareStatement("SELECT body FROM " + table + " WHERE id = ?")) {
            for (int id = 1; id <= ROWS; id++) {
                select.setInt(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    // Not assertEquals: a difference would print megabytes.
                    assertTrue(payload(id).equals(rs.getString(1)), "row " + id + " is copied exactly");
                }
            }
        }
    }

    @Test
    void aRowLargerThanTheHeapHoldsFailsItsTableSayingSoAndTheOthersComplete() throws Exception {
        String huge = "huge_row";
        String after = "after_huge";
        db.execute("CREATE TABLE " + q(huge) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, body " + bigText() + ")");
        // 15 MiB (under MariaDB's default max_allowed_packet of 16 MiB): its bytes from the server and
        // its string alone do not fit in a heap of 24 MiB.
        db.execute("INSERT INTO " + q(huge) + " VALUES (1, " + timestampSql(tick(1)) + ", "
                + fifteenMebibytes() + ")");
        createTable(after, true);
        insertRows(after, 1, 50, 1);
        Path config = config(sourceJson(tableJson(huge, "\"primaryKey\": \"id\""), tableJson(after, "")));

        ChildReplicate child = ChildReplicate.start(work, List.of("-Xmx24m"), runArgs(config, replica()));
        assertEquals(1, child.waitFor(300), child::output);
        String err = child.err();
        assertTrue(err.contains(huge + " failed: ") && err.contains("ran out of memory") && err.contains("JAVA_OPTS=-Xmx"),
                child::output);
        assertFalse(err.contains("OutOfMemoryError"), child::output);
        assertReplicaEqualsSource(replica(), after);
    }

    @Test
    void aFullTableWhoseRowOutgrowsTheHeapFailsAndLeavesNoPartialCopy() throws Exception {
        String full = "full_huge";
        String after = "after_full_huge";
        db.execute("CREATE TABLE " + q(full) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, v BIGINT NOT NULL, payload " + bigText() + ")");
        // Pages of small rows reach the copy before the one row the heap cannot hold (15 MiB: under
        // MariaDB's default max_allowed_packet).
        insertRows(full, 1, 3_000, 1);
        db.execute("INSERT INTO " + q(full) + " VALUES (3001, " + timestampSql(tick(3001)) + ", 0, "
                + fifteenMebibytes() + ")");
        createTable(after, true);
        insertRows(after, 1, 50, 1);
        // Full: no watermark.
        Path config = config(sourceJson("{\"name\": \"" + full + "\", \"pageSize\": 500}", tableJson(after, "")));

        ChildReplicate child = ChildReplicate.start(work, List.of("-Xmx24m"), runArgs(config, replica()));
        assertEquals(1, child.waitFor(300), child::output);
        String err = child.err();
        assertTrue(err.contains(full + " failed: ") && err.contains("ran out of memory"), child::output);
        assertEquals(List.of(), sqlite(replica(), "SELECT name FROM sqlite_master WHERE name LIKE '%shadow%'"),
                "the partial copy is dropped with the failure");
        assertReplicaEqualsSource(replica(), after);
    }

    /**
     * verify meets the same row in a heap too small for it: that table fails saying so, as a run's does,
     * and the next table is verified, on a fresh connection (MySQL's streaming result, cut mid-row, would
     * hang a close that drains it).
     */
    @Test
    void verifyOfARowLargerThanTheHeapHoldsFailsItsTableSayingSoAndVerifiesTheOthers() throws Exception {
        String huge = "verify_huge";
        String after = "verify_after_huge";
        db.execute("CREATE TABLE " + q(huge) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, body " + bigText() + ")");
        db.execute("INSERT INTO " + q(huge) + " VALUES (1, " + timestampSql(tick(1)) + ", "
                + fifteenMebibytes() + ")");
        createTable(after, true);
        insertRows(after, 1, 50, 1);
        Path config = config(sourceJson(tableJson(huge, "\"primaryKey\": \"id\""), tableJson(after, "")));
        ChildReplicate copy = ChildReplicate.start(work, List.of("-Xmx256m"), runArgs(config, replica()));
        assertEquals(0, copy.waitFor(300), copy::output);

        ChildReplicate verify = ChildReplicate.start(work, List.of("-Xmx24m"), List.of("verify", "--json",
                "--config", config.toString(), "--db", replica().toString()));
        assertEquals(1, verify.waitFor(300), verify::output);
        String output = verify.output();
        // JSON: Gson writes the "=" of JAVA_OPTS=-Xmx as \\u003d.
        assertTrue(output.contains(huge) && output.contains("ran out of memory") && output.contains("-Xmx"), output);
        assertFalse(output.contains("OutOfMemoryError"), output);
        assertTrue(java.util.regex.Pattern.compile("\"target\": \"" + after + "\",\\s*\"equal\": true").matcher(output)
                .find(), output);
    }

    /** The same in a repair: the row to write again is the one too large; the next table is repaired on. */
    @Test
    void repairOfARowLargerThanTheHeapHoldsFailsItsTableSayingSoAndRepairsTheOthers() throws Exception {
        String huge = "repair_huge";
        String after = "repair_after_huge";
        db.execute("CREATE TABLE " + q(huge) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, body " + bigText() + ")");
        db.execute("INSERT INTO " + q(huge) + " VALUES (1, " + timestampSql(tick(1)) + ", 'small')");
        createTable(after, true);
        insertRows(after, 1, 50, 1);
        Path config = config(sourceJson(tableJson(huge, "\"primaryKey\": \"id\""), tableJson(after, "")));
        ChildReplicate copy = ChildReplicate.start(work, List.of("-Xmx256m"), runArgs(config, replica()));
        assertEquals(0, copy.waitFor(300), copy::output);
        // Behind the cursor, as a change a run missed: verify finds it different, and its repair reads it.
        db.execute("UPDATE " + q(huge) + " SET body = " + fifteenMebibytes());
        db.execute("UPDATE " + q(after) + " SET v = v + 1 WHERE id = 7");

        ChildReplicate repair = ChildReplicate.start(work, List.of("-Xmx24m"), List.of("verify", "--repair", "--json",
                "--config", config.toString(), "--db", replica().toString()));
        assertEquals(1, repair.waitFor(300), repair::output);
        String output = repair.output();
        assertTrue(output.contains("ran out of memory") && output.contains("-Xmx"), output);
        assertFalse(output.contains("OutOfMemoryError"), output);
        assertReplicaEqualsSource(replica(), after);
    }

    @Test
    void aTableWithoutAKeyWhoseRowsShareOneWatermarkCopiesInASmallHeap() throws Exception {
        String table = "bulk_loaded";
        createTable(table, false);
        int rows = 1_500_000;
        db.execute("INSERT INTO " + q(table) + " (id, updated_at, v, payload) SELECT "
                + (db.sourceType().equals("postgres")
                        ? "g, " + timestampSql(tick(1)) + ", 0, 'same' FROM generate_series(1, " + rows + ") g"
                        : "seq, " + timestampSql(tick(1)) + ", 0, 'same' FROM seq_1_to_" + rows));
        Path config = config(sourceJson(tableJson(table, "")));

        // Each row's identity counted among those of its watermark: 1.5 million of them at once, which
        // a map of their texts held in some 110 bytes each (165 MiB).
        ChildReplicate child = ChildReplicate.start(work, List.of("-Xmx96m"), runArgs(config, replica()));
        assertEquals(0, child.waitFor(300), child::output);
        assertEquals(List.of(List.of((long) rows, (long) rows)),
                sqlite(replica(), "SELECT count(*), count(DISTINCT id) FROM " + table));
    }

    /** The source's type for a text of megabytes. */
    private String bigText() {
        return db.sourceType().equals("postgres") ? "TEXT" : "LONGTEXT";
    }

    /** SQL for {@code times} copies of md5({@code seed}): 32 characters each. */
    private String repeatedMd5(String seed, int times) {
        return (db.sourceType().equals("postgres") ? "repeat(md5('" : "REPEAT(MD5('") + seed + "'), " + times + ")";
    }

    /** 15 MiB of text: under MariaDB's default max_allowed_packet of 16 MiB, over a heap of 24 MiB's room. */
    private String fifteenMebibytes() {
        return repeatedMd5("1", 15 * 1024 * 1024 / 32);
    }
}
