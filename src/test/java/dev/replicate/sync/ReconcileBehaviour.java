package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reconciled deletes ({@code "deletes": {"reconcile": ...}}), as scenarios that run against every
 * source type: the replica's rows whose key is gone from the source (or whose row left the table's
 * "where") are deleted, at most as often as configured, never past the guard without
 * {@code --allow-mass-delete}, and keys compare as SQLite stored them whatever the server's collation.
 */
public abstract class ReconcileBehaviour extends SourceScenarios {
    protected ReconcileBehaviour() {
        super("reconciled_");
    }

    // --- helpers -------------------------------------------------------------------------------

    private void createItems(int rows) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, name VARCHAR(100))");
        if (rows > 0) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (id, updated_at, name) VALUES ");
            for (int i = 1; i <= rows; i++) {
                sql.append(i == 1 ? "" : ", ").append('(').append(i).append(", ")
                        .append(db.timestampLiteral(String.format("2024-01-01 00:%02d:%02d", i / 60, i % 60)))
                        .append(", 'name ").append(i).append("')");
            }
            db.execute(sql.toString());
        }
    }

    private List<String> sourceIds() {
        return db.query("SELECT id FROM " + q(table) + " ORDER BY id").stream().map(r -> r.get(0)).toList();
    }

    private List<String> replicaIds() {
        return ReplicaReader.query(replicaPath(), "SELECT id FROM \"" + table + "\" ORDER BY id").stream()
                .map(r -> String.valueOf(r.get(0))).toList();
    }

    private Object state(String column) {
        return ReplicaReader.single(replicaPath(), "SELECT " + column + " FROM _replicate_watermarks WHERE target = '"
                + table + "'");
    }

    /** The rows_deleted, ok and error of the table's last log row. */
    private List<Object> lastLog() {
        List<List<Object>> rows = ReplicaReader.query(replicaPath(), "SELECT rows_deleted, ok, error FROM _replicate_log"
                + " WHERE target = '" + table + "' ORDER BY id DESC LIMIT 1");
        return rows.get(0);
    }

    // --- scenarios -----------------------------------------------------------------------------

    /**
     * Rows deleted at the source here and there leave the replica in the run after, in batches of the
     * page size (3 here: 7 rows in three batches, one of them partial); the deletions are counted in
     * _replicate_log, the state, status and the metrics. The run that makes the first sync does not
     * reconcile: its copy is as fresh as it gets.
     */
    @Test
    void deletesAreReconciledAcrossBatchBoundariesAndCounted() throws Exception {
        createItems(25);
        Path config = config(tableBlock("\"pageSize\": 3, \"deletes\": {\"reconcile\": \"PT0S\"}"));
        runOk(config);
        assertNull(state("last_reconcile_ts"), "the first sync's run does not reconcile");
        db.execute("DELETE FROM " + q(table) + " WHERE id IN (1, 2, 3, 9, 14, 24, 25)");
        Path metrics = dir.resolve(table + ".prom");
        runOk(config, "--metrics-file", metrics.toString());
        assertEquals(sourceIds(), replicaIds());
        assertEquals(List.of(7L, 1L), lastLog().subList(0, 2));
        assertEquals(7L, state("last_reconcile_deleted"));
        assertEquals(7L, state("last_rows_deleted"));
        assertNotNull(state("last_reconcile_ts"));
        String prom = Files.readString(metrics);
        assertTrue(prom.contains("replicate_table_last_run_rows_deleted{") && prom.lines()
                .anyMatch(l -> l.startsWith("replicate_table_last_run_rows_deleted{") && l.contains("\"" + table
                        + "\"") && l.endsWith(" 7")), prom);

        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", replicaPath().toString());
        assertTrue(status.out.contains(table + ": last reconcile ") && status.out.contains("deleted 7 rows"),
                status::toString);
        CliRun json = CliRun.run(dir, "status", "--json", "--config", config.toString(), "--db", replicaPath().toString());
        assertTrue(json.out.contains("\"lastReconcileDeleted\": 7"), json::toString);

        // Nothing more gone: the next reconcile deletes nothing, and says so in the state.
        runOk(config);
        assertEquals(0L, state("last_reconcile_deleted"));
        assertEquals(sourceIds(), replicaIds());
    }

    /**
     * Not due, a reconcile does not scan the keys: a row deleted at the source stays until the
     * configured time has passed since the last reconcile started (here set back by hand).
     */
    @Test
    void aReconcileWaitsForItsInterval() throws Exception {
        createItems(5);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        runOk(config);
        String first = (String) state("last_reconcile_ts");
        assertNotNull(first, "the run after the first sync reconciles: none was made yet");
        db.execute("DELETE FROM " + q(table) + " WHERE id = 3");
        runOk(config);
        assertEquals(List.of("1", "2", "3", "4", "5"), replicaIds(), "not due: nothing deleted");
        assertEquals(first, state("last_reconcile_ts"));
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET last_reconcile_ts = '2000-01-01T00:00:00Z'");
        runOk(config);
        assertEquals(List.of("1", "2", "4", "5"), replicaIds());
        assertFalse(first.equals(state("last_reconcile_ts")));
    }

    /**
     * A last reconcile stamped after the clock (the clock was set back since) is due, as a run is: it does not
     * wait for the clock to catch up with the stamp, which left rows deleted at the source in the replica for as
     * long as the clock had jumped.
     */
    @Test
    void aReconcileStampedAfterTheClockIsDue() throws Exception {
        createItems(5);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        runOk(config);
        assertNotNull(state("last_reconcile_ts"), "the run after the first sync reconciles");
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET last_reconcile_ts ="
                + " strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 day')");
        db.execute("DELETE FROM " + q(table) + " WHERE id = 3");
        runOk(config);
        assertEquals(List.of("1", "2", "4", "5"), replicaIds());
    }

    /**
     * A source table emptied (truncated while it is reloaded, say) must not empty the replica: the
     * reconcile deletes nothing and fails the table with the count and the way on, on every run, until
     * {@code --allow-mass-delete} lets it through. Deleting every row needs the flag even at 100%.
     */
    @Test
    void theGuardKeepsAReplicaWhoseSourceWasEmptiedUntilTheFlagLetsItThrough() {
        createItems(10);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\", \"maxDeletePercent\": 100}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table));
        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("reconcile would delete 10 of the 10 rows of " + table + " (100%), every row,"
                + " which always needs the flag; nothing was deleted"), refused.err);
        assertTrue(refused.err.contains("run `replicate run --allow-mass-delete " + table + "`"), refused.err);
        assertEquals(10, replicaIds().size());
        assertNull(state("last_reconcile_ts"));
        assertEquals(0L, lastLog().get(0));

        runOk(config, "--allow-mass-delete", table);
        assertEquals(List.of(), replicaIds());
        assertEquals(List.of(10L, 1L), lastLog().subList(0, 2));
        assertEquals(10L, state("last_reconcile_deleted"));
    }

    /** Over maxDeletePercent trips the guard; at it, the reconcile goes ahead. */
    @Test
    void theGuardTripsAboveMaxDeletePercentOnly() {
        createItems(10);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\", \"maxDeletePercent\": 20}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id IN (2, 4, 6)");
        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("reconcile would delete 3 of the 10 rows of " + table + " (30%), more than"
                + " $[0].tables[0].deletes.maxDeletePercent (20%) allows; nothing was deleted"), refused.err);
        assertEquals(10, replicaIds().size());

        db.execute("INSERT INTO " + q(table) + " (id, updated_at, name) VALUES (6, "
                + db.timestampLiteral("2024-01-01 01:00:00") + ", 'back')");
        runOk(config);
        assertEquals(sourceIds(), replicaIds(), "2 of 10 is 20%, not more");
    }

    /**
     * A "where" that matches nothing (a typo, a tenant renamed) is a source answering with no keys:
     * the guard keeps the replica.
     */
    @Test
    void theGuardTripsOnAWhereThatMatchesNothing() throws Exception {
        createItems(6);
        runOk(config(tableBlock("\"where\": \"id > 0\", \"deletes\": {\"reconcile\": \"PT0S\"}")));
        Path wrong = config(tableBlock("\"where\": \"id < 0\", \"deletes\": {\"reconcile\": \"PT0S\"}"));
        CliRun refused = run(wrong);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("reconcile would delete 6 of the 6 rows"), refused.err);
        assertTrue(refused.err.contains("The source listed 0 keys for the table's \"where\""), refused.err);
        assertEquals(6, replicaIds().size());
    }

    /** A row updated so that it leaves the "where" is never read again; only a reconcile removes it. */
    @Test
    void rowsLeavingTheWhereAreRemovedByAReconcile() {
        createItems(6);
        Path config = config(tableBlock("\"where\": \"name <> 'hidden'\", \"deletes\": {\"reconcile\": \"PT0S\"}"));
        runOk(config);
        db.execute("UPDATE " + q(table) + " SET name = 'hidden', updated_at = "
                + db.timestampLiteral("2024-01-02 00:00:00") + " WHERE id = 4");
        runOk(config);
        assertEquals(List.of("1", "2", "3", "5", "6"), replicaIds());
        assertTrue(String.valueOf(ReplicaReader.single(replicaPath(), "SELECT notes FROM _replicate_log ORDER BY id DESC"
                + " LIMIT 1")).contains("reconcile: deleted 1 row whose key"));
    }

    /**
     * Text keys that the server orders by a collation SQLite does not know (MySQL's case-insensitive
     * one, PostgreSQL's locale): 'a' < 'B' there, 'B' < 'a' in SQLite. They are compared as SQLite stored
     * them, so exactly the deleted ones go, and a key with a trailing space or an accent stays itself.
     */
    @Test
    void textKeysAreComparedAsStoredWhateverTheServersCollation() {
        db.execute("CREATE TABLE " + q(table) + " (code VARCHAR(20) NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL)");
        List<String> codes = List.of("a", "B", "c", "D", "e ", "Ö", "f", "Z", "zz", "_", "0");
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (code, updated_at) VALUES ");
        for (int i = 0; i < codes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("('").append(codes.get(i)).append("', ")
                    .append(db.timestampLiteral("2024-01-01 00:00:0" + (i % 10))).append(')');
        }
        db.execute(sql.toString());
        Path config = config(tableBlock("\"pageSize\": 2, \"deletes\": {\"reconcile\": \"PT0S\"}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE code IN ('B', 'Ö', 'zz')");
        runOk(config);
        List<Object> left = ReplicaReader.query(replicaPath(), "SELECT code FROM \"" + table + "\" ORDER BY code").stream()
                .map(r -> r.get(0)).toList();
        assertEquals(List.of("0", "D", "Z", "_", "a", "c", "e ", "f"), left);
    }

    /** A composite key, text and integer: a row goes only when the pair is gone. */
    @Test
    void compositeKeysAreReconciledByThePair() {
        db.execute("CREATE TABLE " + q(table) + " (tenant VARCHAR(20) NOT NULL, id BIGINT NOT NULL, updated_at "
                + db.timestampType() + " NOT NULL, PRIMARY KEY (tenant, id))");
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (tenant, id, updated_at) VALUES ");
        int n = 0;
        for (String tenant : List.of("acme", "Acme2", "beta")) {
            for (int id = 1; id <= 4; id++) {
                sql.append(n++ == 0 ? "" : ", ").append("('").append(tenant).append("', ").append(id).append(", ")
                        .append(db.timestampLiteral("2024-01-01 00:00:0" + id)).append(')');
            }
        }
        db.execute(sql.toString());
        Path config = config(tableBlock("\"pageSize\": 5, \"deletes\": {\"reconcile\": \"PT0S\"}"));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE (tenant = 'acme' AND id = 2) OR (tenant = 'beta' AND id = 1)");
        runOk(config);
        List<String> left = ReplicaReader.query(replicaPath(), "SELECT tenant || ':' || id FROM \"" + table + "\" ORDER BY"
                + " tenant, id").stream().map(r -> (String) r.get(0)).toList();
        assertEquals(List.of("Acme2:1", "Acme2:2", "Acme2:3", "Acme2:4", "acme:1", "acme:3", "acme:4", "beta:2",
                "beta:3", "beta:4"), left);
    }

    /**
     * A source table without a primary key, and none configured: validate-config --connect and the run
     * say so with the way out; the run fails the table before reading it.
     */
    @Test
    void aTableWithoutAKeyCannotReconcile() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL, updated_at " + db.timestampType() + " NOT NULL)");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        String expected = "has no primary key, so its rows cannot be matched with the source's; set \"primaryKey\"";
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue(check.err.contains(expected) || check.out.contains(expected), check::toString);
        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].deletes.reconcile: ") && result.err.contains(expected), result.err);
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM sqlite_master WHERE name = '" + table + "'"),
                "nothing read, nothing made");
    }

    /** --allow-mass-delete names a configured target, or the run is a usage error, before anything is written. */
    @Test
    void allowMassDeleteOfAnUnknownTargetIsAUsageError() {
        createItems(1);
        CliRun result = run(config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}")), "--allow-mass-delete",
                "no_such_table");
        assertEquals(2, result.status, result::toString);
        assertTrue(result.err.contains("no configured table has the target \"no_such_table\""), result.err);
        assertFalse(Files.exists(replicaPath()));
    }
}
