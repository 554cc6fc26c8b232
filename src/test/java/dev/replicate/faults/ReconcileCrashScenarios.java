package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A reconcile killed with SIGKILL part-way through its deletes: the batches committed stay deleted, no
 * reconcile is recorded, and the next run reconciles again and ends exact.
 */
public abstract class ReconcileCrashScenarios extends FaultScenarioBase {

    @Test
    void aReconcileKilledMidDeleteEndsExactAfterTheNextRun() throws Exception {
        String table = "reconcile_crash";
        int rows = 30_000;
        createTable(table, true);
        insertRows(table, 1, rows, 7);
        // Small batches: hundreds of delete transactions, so that the kill lands between two of them.
        Path config = config(sourceJson(tableJson(table, "\"pageSize\": 20, \"deletes\": {\"reconcile\": \"PT0S\"}")));
        runOk(config, replica());
        assertEquals(rows, countOrZero(replica(), table));
        // Two rows in three go, spread over the whole key range.
        db.execute("DELETE FROM " + q(table) + " WHERE id % 3 <> 0");
        long left = rows / 3;

        ChildReplicate run = child(config, replica(), "--allow-mass-delete", table);
        long seen = rows;
        while (run.alive() && seen > rows - 2_000) {
            sleep(2);
            seen = countOrZero(replica(), table);
        }
        assertTrue(run.alive(), () -> "the reconcile ended before it could be killed: " + run.output());
        run.kill();
        long after = countOrZero(replica(), table);
        System.out.println("[faults] reconcile/kill: killed with " + after + " rows left of " + rows + " (" + left
                + " at the source)");
        assertTrue(after < rows && after > left, "killed mid-reconcile: " + after);
        assertNull(sqlite(replica(), "SELECT last_reconcile_ts FROM _replicate_watermarks").get(0).get(0),
                "a reconcile cut short is not recorded");
        assertIntegrityOk(replica());

        // The rows left to delete may still be more than the guard allows: the user's flag again.
        runOk(config, replica(), "--allow-mass-delete", table);
        assertReplicaEqualsSource(replica(), table);
        assertEquals(after - left, sqlite(replica(), "SELECT last_reconcile_deleted FROM _replicate_watermarks")
                .get(0).get(0), "the second reconcile deleted the rest, and only that");
    }
}
