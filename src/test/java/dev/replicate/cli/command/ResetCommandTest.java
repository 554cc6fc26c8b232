package dev.replicate.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.cli.ExitStatus;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reset} drops only tables replicate made (hostile test: after `run` said "run `replicate reset
 * slow`" about a table the user had made by hand, `reset slow` dropped the user's table and its rows).
 */
class ResetCommandTest {
    private static PostgresTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = PostgresTestDatabase.withOrders("CREATE TABLE slow_src (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO slow_src VALUES (1, '2024-01-01 00:00:00+00')");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private Path config() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}",
                "{\"name\": \"slow_src\", \"watermark\": \"updated_at\", \"target\": \"slow\"}") + "]");
        return file;
    }

    private static void sql(Path database, String... statements) throws Exception {
        ReplicaReader.edit(database, statements);
    }

    private CliRun cli(Path config, Path database, String command, String... more) {
        return CliRun.on(dir, command, config, database, more);
    }

    /**
     * A target named in another case is pointed to the configured one only as SQLite folds names (ASCII
     * letters): "CAFÉ" is not the SQLite table "café", so reset does not call it that target's. Hostile
     * test: Java's equalsIgnoreCase matched it, and reset refused it as the configured target's table.
     */
    @Test
    void aTargetIsTakenForAnotherSpellingAsSqliteFoldsNamesOnly() {
        assertTrue(Targets.spelt(List.of("orders"), "ORDERS").contains("\"orders\"?"));
        assertEquals("", Targets.spelt(List.of("café"), "CAFÉ"));
    }

    @Test
    void aTableTheUserMadeIsNeitherResetNorRecommendedForReset() throws Exception {
        Path config = config();
        Path database = dir.resolve("other.db");
        sql(database, "CREATE TABLE slow (a, b)", "INSERT INTO slow VALUES (1, 2)");

        CliRun run = cli(config, database, "run", "--force");
        assertEquals(ExitStatus.TABLE_FAILED, run.status, run::toString);
        assertTrue(run.err.contains("a table named slow already exists") && run.err.contains("no record of making it"),
                run.err);
        assertFalse(run.err.contains("run `replicate reset slow`"), "no blind advice to reset: " + run.err);

        CliRun reset = cli(config, database, "reset", "slow");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertTrue(reset.err.contains("replicate has no record of making the SQLite table slow")
                && reset.err.contains("another \"target\"")
                && reset.err.contains("sqlite3 " + database + " 'DROP TABLE \"slow\"'"), reset.err);
        assertEquals(List.of(List.of(1L, 2L)), ReplicaReader.query(database, "SELECT a, b FROM slow"),
                "the user's table and rows are as they were");
    }

    /**
     * A target renamed in the configuration (or a table taken out of it) leaves its SQLite table and
     * state behind: reset, which only knew configured targets, refused to drop it ("no configured table
     * has the target"), and nothing else of replicate's could.
     */
    @Test
    void aTargetTheConfigurationNoLongerHasCanStillBeReset() throws Exception {
        Path config = config();
        Path database = dir.resolve("left.db");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        Path renamed = dir.resolve("renamed.json");
        Files.writeString(renamed, "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\","
                + " \"target\": \"orders2\"}") + "]");
        assertEquals(ExitStatus.OK, cli(renamed, database, "run", "--force").status);

        CliRun reset = cli(renamed, database, "reset", "orders", "slow");
        assertEquals(ExitStatus.OK, reset.status, reset::toString);
        assertTrue(reset.out.contains("orders: dropped") && reset.out.contains("no longer configured"), reset.out);
        assertEquals(List.of(List.of("orders2")), ReplicaReader.query(database,
                "SELECT target FROM _replicate_watermarks ORDER BY target"));
        assertEquals(0L, ReplicaReader.single(database,
                "SELECT count(*) FROM sqlite_master WHERE name IN ('orders', 'slow')"));

        CliRun unknown = cli(renamed, database, "reset", "nosuch");
        assertEquals(ExitStatus.USAGE, unknown.status, unknown::toString);
        assertTrue(unknown.err.contains("no configured table has the target \"nosuch\""), unknown.err);

        // A configured target typed in another case is named, as run and verify name it.
        CliRun otherCase = cli(renamed, database, "reset", "ORDERS2");
        assertEquals(ExitStatus.USAGE, otherCase.status, otherCase::toString);
        assertTrue(otherCase.err.contains("targets are matched as the configuration spells them: \"orders2\"?"),
                otherCase.err);
        assertEquals(List.of(List.of("orders2")), ReplicaReader.query(database,
                "SELECT target FROM _replicate_watermarks ORDER BY target"), "nothing was reset");
    }

    /**
     * The user's own index and trigger on a replicated table (an FTS5 index kept by triggers, say): reset
     * dropped them with the table without a word ("orders: dropped; the next run syncs it from the
     * start"), and the next run made neither again, so what the trigger kept went stale unnoticed. A run
     * that must drop a table refuses over them; reset now does the same, nothing changed, naming them
     * with the commands that keep their SQL and drop them.
     */
    @Test
    void theUsersIndexesAndTriggersOnATableStopItsResetWithTheWayOn() throws Exception {
        Path config = config();
        Path database = dir.resolve("own.db");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        sql(database, "CREATE INDEX by_hand ON orders (total)", "CREATE TABLE audit (id INTEGER)",
                "CREATE TRIGGER hand_audit AFTER UPDATE ON orders BEGIN INSERT INTO audit VALUES (new.id); END");

        CliRun reset = cli(config, database, "reset", "orders", "slow");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertTrue(reset.err.contains("reset orders would drop its SQLite table")
                && reset.err.contains("index by_hand") && reset.err.contains("trigger hand_audit")
                && reset.err.contains("DROP INDEX \"by_hand\"; DROP TRIGGER \"hand_audit\"")
                && reset.err.contains(".schema \"orders\"") && reset.err.contains("Nothing was reset"), reset.err);
        assertEquals(2L, ReplicaReader.count(database, "orders"), "nothing was reset");
        assertEquals(1L, ReplicaReader.count(database, "slow"), "nor the other target");
        assertEquals(2L, ReplicaReader.single(database,
                "SELECT count(*) FROM sqlite_master WHERE name IN ('by_hand', 'hand_audit')"));

        sql(database, "DROP INDEX by_hand", "DROP TRIGGER hand_audit");
        CliRun again = cli(config, database, "reset", "orders");
        assertEquals(ExitStatus.OK, again.status, again::toString);
    }

    /**
     * A target the configuration no longer has, with the user's index on its table: the refusal said it
     * "must be dropped and synced again" and to "make them again after the run", though no run makes that
     * table again. It now says so, and only to drop them, then reset it again.
     */
    @Test
    void theUsersIndexOnATargetNoLongerConfiguredIsRefusedWithoutARunToWaitFor() throws Exception {
        Path database = dir.resolve("gone.db");
        assertEquals(ExitStatus.OK, cli(config(), database, "run", "--force").status);
        Path renamed = dir.resolve("renamed.json");
        Files.writeString(renamed, "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\","
                + " \"target\": \"orders2\"}") + "]");
        sql(database, "CREATE INDEX by_hand ON orders (total)");

        CliRun reset = cli(renamed, database, "reset", "orders");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertTrue(reset.err.contains("reset orders would drop its SQLite table")
                && reset.err.contains("no longer in the configuration") && reset.err.contains("index by_hand")
                && reset.err.contains("DROP INDEX \"by_hand\"") && reset.err.contains("drop it (")
                && reset.err.contains("Keep its SQL") && reset.err.contains("then reset it again"), reset.err);
        // One index reads as one.
        assertFalse(reset.err.contains("synced again") || reset.err.contains("make them again")
                || reset.err.contains("make it again") || reset.err.contains(", run") || reset.err.contains("drop them")
                || reset.err.contains("their SQL"), reset.err);
        assertEquals(2L, ReplicaReader.count(database, "orders"), "nothing was reset");
    }

    /**
     * A full table with the user's index: every run rewrites it whole and carries the user's indexes and
     * triggers over to the new copy, yet reset's refusal said it must be synced again and to make them
     * again after the run. It now says a run already rewrites it.
     */
    @Test
    void theUsersIndexOnAFullTableIsRefusedSayingEveryRunRewritesIt() throws Exception {
        Path database = dir.resolve("full.db");
        Path config = dir.resolve("full.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"orders\", \"mode\": \"full\"}") + "]");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        sql(database, "CREATE INDEX by_hand ON orders (total)");
        CliRun run = cli(config, database, "run", "--force");
        assertEquals(ExitStatus.OK, run.status, run::toString);
        assertEquals(1L, ReplicaReader.single(database, "SELECT count(*) FROM sqlite_master WHERE name = 'by_hand'"),
                "a run carries it over");

        CliRun reset = cli(config, database, "reset", "orders");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertTrue(reset.err.contains("orders is a full table") && reset.err.contains("every run rewrites it whole")
                && reset.err.contains("index by_hand") && reset.err.contains("DROP INDEX \"by_hand\"")
                && reset.err.contains("A reset would drop it with the table") && reset.err.contains("keep its SQL")
                && reset.err.contains("make it again after the run"), reset.err);
        assertFalse(reset.err.contains("must be dropped and synced again") || reset.err.contains("them"), reset.err);
        assertEquals(1L, ReplicaReader.single(database, "SELECT count(*) FROM sqlite_master WHERE name = 'by_hand'"),
                "nothing was reset");
    }

    /**
     * A view of the user's holding the name of a target's full-table copy ({@code _replicate_shadow_<target>}):
     * reset's drop of a copy a run left behind (DROP TABLE IF EXISTS) is refused by SQLite for a view, and the
     * reset failed with SQLite's words alone ("use DROP VIEW to delete view"). Only a table of that name is a
     * copy: the table is reset, the view stays (the full table's next run names it, with the way out).
     */
    @Test
    void aViewHoldingTheNameOfTheTargetsCopyDoesNotStopItsReset() throws Exception {
        Path config = config();
        Path database = dir.resolve("copy-name.db");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        sql(database, "CREATE VIEW \"_replicate_shadow_orders\" AS SELECT 1 AS one");

        CliRun reset = cli(config, database, "reset", "orders");
        assertEquals(ExitStatus.OK, reset.status, reset::toString);
        assertEquals(List.of(List.of("view")), ReplicaReader.query(database,
                "SELECT type FROM sqlite_master WHERE name IN ('orders', '_replicate_shadow_orders')"));
    }

    /**
     * A view of the user's where the target's table would be (replicate's table dropped by hand and a view made
     * in its place): reset failed with SQLite's words alone ("use DROP VIEW to delete view orders"), exit 70. There
     * is no table of replicate's to drop, reset does not drop a view of the user's, and no run could make the table
     * beside it: reset is refused (exit 2, nothing reset, also the target named with it), saying what holds the
     * name and the ways on; the state stays.
     */
    @Test
    void aViewHoldingTheTargetsNameIsNotDroppedByItsReset() throws Exception {
        Path config = config();
        Path database = dir.resolve("view-name.db");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        sql(database, "DROP TABLE orders", "CREATE VIEW orders AS SELECT 1 AS one");

        CliRun reset = cli(config, database, "reset", "slow", "orders");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertTrue(reset.err.contains("holds a view named orders, which replicate did not make")
                && reset.err.contains("reset does not drop a view of yours")
                && reset.err.contains("DROP VIEW \"orders\"")
                && reset.err.contains("give $[0].tables[0] another \"target\"")
                && reset.err.contains("Nothing was reset."), reset::toString);
        assertFalse(reset.err.contains("use DROP VIEW"), reset::toString);
        assertEquals(List.of(List.of("view")), ReplicaReader.query(database,
                "SELECT type FROM sqlite_master WHERE name = 'orders'"));
        assertEquals(2L, ReplicaReader.single(database, "SELECT count(*) FROM _replicate_watermarks"
                + " WHERE target IN ('orders', 'slow')"), "both states stay");
        assertEquals(1L, ReplicaReader.count(database, "slow"), "the target named with it stays");
    }

    /** Another process holding a write transaction on the file: reset said "internal error" (exit 70). */
    @Test
    void aWriteTransactionHeldByAnotherProcessIsExit74NotAnInternalError() throws Exception {
        Path config = config();
        Path database = dir.resolve("held.db");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("DELETE FROM orders WHERE 1 = 0");
            CliRun reset = cli(config, database, "reset", "orders");
            assertEquals(ExitStatus.REPLICA_ERROR, reset.status, reset::toString);
            assertTrue(reset.err.contains("another process holds a write transaction on it"), reset.err);
            statement.execute("ROLLBACK");
        }
        assertEquals(2L, ReplicaReader.count(database, "orders"), "nothing was reset");
    }

    @Test
    void aRefusedTargetLeavesTheOthersNamedWithItUntouched() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        sql(database, "CREATE TABLE slow (a, b)", "INSERT INTO slow VALUES (1, 2)");
        assertEquals(ExitStatus.TABLE_FAILED, cli(config, database, "run", "--force").status);
        assertEquals(2L, ReplicaReader.count(database, "orders"));

        CliRun reset = cli(config, database, "reset", "orders", "slow");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertEquals(2L, ReplicaReader.count(database, "orders"), "nothing changed, orders included");
        assertEquals(1L, ReplicaReader.single(database, "SELECT count(*) FROM _replicate_watermarks WHERE target = 'orders'"));
        assertEquals(1L, ReplicaReader.count(database, "slow"));

        CliRun alone = cli(config, database, "reset", "orders");
        assertEquals(ExitStatus.OK, alone.status, "a table replicate made is reset as before: " + alone);
        assertFalse(ReplicaReader.query(database, "SELECT name FROM sqlite_master WHERE name = 'orders'").size() > 0);
    }

    /** Every table lacks its row once the state table was dropped: refused, with the way to drop replicate's own. */
    @Test
    void afterTheWatermarkTableWasDroppedResetRefusesAndSaysHowToDropItByHand() throws Exception {
        Path config = dir.resolve("orders.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}") + "]");
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, cli(config, database, "run", "--force").status);
        sql(database, "DROP TABLE _replicate_watermarks");

        CliRun reset = cli(config, database, "reset", "orders");
        assertEquals(ExitStatus.USAGE, reset.status, reset::toString);
        assertTrue(reset.err.contains("if it is replicate's own")
                && reset.err.contains("sqlite3 " + database + " 'DROP TABLE \"orders\"'"), reset.err);
        assertEquals(2L, ReplicaReader.count(database, "orders"));

        sql(database, "DROP TABLE \"orders\"");
        CliRun run = cli(config, database, "run", "--force");
        assertEquals(ExitStatus.OK, run.status, "the way out the message names works: " + run);
        assertEquals(2L, ReplicaReader.count(database, "orders"));
    }
}
