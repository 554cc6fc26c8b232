package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --repair} killed with SIGKILL part-way through the pages it writes: what it committed
 * is right, the cursor has not moved, and a second {@code verify --repair} ends exact.
 */
public abstract class RepairCrashScenarios extends FaultScenarioBase {

    @Test
    void aRepairKilledMidwayEndsExactAfterTheNextRepair() throws Exception {
        String table = "repair_crash";
        int rows = 30_000;
        createTable(table, true);
        insertRows(table, 1, rows, 7);
        // Small pages: a thousand transactions, so that the kill lands between two of them.
        Path config = config(sourceJson(tableJson(table, "\"pageSize\": 20, \"deletes\": {\"reconcile\": \"PT1H\"}")));
        runOk(config, replica());
        String cursor = storedWatermark(replica(), table);

        // Drift of every kind: a long stretch deleted by hand (one range of 24,001 rows to read again), rows
        // edited by hand, rows updated at the source behind the watermark, rows deleted at the source.
        sqliteEdit("DELETE FROM \"" + table + "\" WHERE id BETWEEN 3000 AND 27000",
                "UPDATE \"" + table + "\" SET payload = 'edited' WHERE id % 997 = 0 AND id < 3000");
        db.execute("UPDATE " + q(table) + " SET v = 1 WHERE id % 1009 = 0",
                "DELETE FROM " + q(table) + " WHERE id % 1013 = 0");
        long damaged = countOrZero(replica(), table);

        killOnceCopied(ChildReplicate.start(work, List.of("verify", "--repair", "--config", config.toString(),
                "--db", replica().toString())), replica(), table, damaged + 2_000);
        long after = countOrZero(replica(), table);
        System.out.println("[faults] repair/kill: killed with " + after + " rows of " + rows);
        assertTrue(after > damaged && after < rows - rows / 1013, "killed mid-repair: " + after);
        assertIntegrityOk(replica());
        assertEquals(cursor, storedWatermark(replica(), table), "a repair does not move the cursor");

        CliRun again = CliRun.run(work, "verify", "--repair", "--config", config.toString(), "--db",
                replica().toString());
        assertEquals(0, again.status, again::toString);
        assertReplicaEqualsSource(replica(), table);
        assertEquals(cursor, storedWatermark(replica(), table));
        CliRun verify = CliRun.run(work, "verify", "--config", config.toString(), "--db", replica().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A table without a key: the repair reads whole watermark values again (3000 rows each, here), page
     * by page with the rows' identities, so a kill between two pages leaves no row doubled, and the next
     * repair skips the rows already back.
     */
    @Test
    void aRepairOfATableWithoutAKeyKilledMidwayDoublesNoRowAndEndsExact() throws Exception {
        String table = "repair_crash_keyless";
        int rows = 30_000;
        createTable(table, false);
        insertRows(table, 1, rows, 3000);
        Path config = config(sourceJson(tableJson(table, "\"pageSize\": 20")));
        runOk(config, replica());
        String cursor = storedWatermark(replica(), table);
        sqliteEdit("DELETE FROM \"" + table + "\" WHERE id BETWEEN 3000 AND 27000");
        long damaged = countOrZero(replica(), table);

        killOnceCopied(ChildReplicate.start(work, List.of("verify", "--repair", "--config", config.toString(),
                "--db", replica().toString())), replica(), table, damaged + 2_000);
        long after = countOrZero(replica(), table);
        System.out.println("[faults] repair/kill keyless: killed with " + after + " rows of " + rows);
        assertTrue(after > damaged && after < rows, "killed mid-repair: " + after);
        assertIntegrityOk(replica());
        assertEquals(List.of(List.of(after)), ReplicaReader.query(replica(),
                "SELECT count(DISTINCT id) FROM \"" + table + "\""), "no row doubled");
        assertEquals(cursor, storedWatermark(replica(), table), "a repair does not move the cursor");

        CliRun again = CliRun.run(work, "verify", "--repair", "--config", config.toString(), "--db",
                replica().toString());
        assertEquals(0, again.status, again::toString);
        assertReplicaEqualsSource(replica(), table);
        CliRun verify = CliRun.run(work, "verify", "--config", config.toString(), "--db", replica().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    private void sqliteEdit(String... statements) throws Exception {
        ReplicaReader.edit(replica(), statements);
    }
}
