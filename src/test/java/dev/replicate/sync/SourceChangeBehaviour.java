package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.SqliteSql;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The source table, or the configuration, changed between two runs the way a user changes them:
 * recreated, reloaded, replaced by a view. Each time the replica must come out exact, or the table
 * fail saying what happened and what to do; never a row lost or stored twice without a word.
 */
public abstract class SourceChangeBehaviour extends SourceScenarios {
    protected SourceChangeBehaviour() {
        super("chg_");
    }

    private List<List<Object>> replicaRows() {
        return ReplicaReader.query(replicaPath(), "SELECT id, name FROM \"" + table + "\" ORDER BY id");
    }

    private List<List<Object>> sourceRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> row : db.query("SELECT id, name FROM " + q(table) + " ORDER BY id")) {
            rows.add(Arrays.asList(Long.parseLong(row.get(0)), row.get(1)));
        }
        return rows;
    }

    private List<Object> lastLog() {
        List<List<Object>> rows = ReplicaReader.query(replicaPath(),
                "SELECT rows_pulled, ok, error, notes FROM _replicate_log ORDER BY id DESC LIMIT 1");
        return rows.get(0);
    }

    private Object storedWatermark() {
        return ReplicaReader.single(replicaPath(),
                "SELECT last_value FROM _replicate_watermarks WHERE target = '" + table + "'");
    }

    /**
     * A view whose configured integer key is NULL in a row: SQLite gives a NULL in an INTEGER PRIMARY KEY
     * (a rowid) the next row number, NOT NULL notwithstanding, so the row was stored under a key the
     * source never had (51 after 50), without a word; a full table's copy alike. The table fails saying
     * so, as a NULL in any other key column does, naming the entry's "primaryKey" by its JSON path, and no
     * row gets a made-up key.
     */
    @Test
    void aNullInAnIntegerKeyFailsTheTableInsteadOfGettingARowNumber() {
        db.execute("CREATE TABLE " + q(table + "_base") + " (id BIGINT NOT NULL PRIMARY KEY, updated_at "
                        + db.timestampType() + " NULL, name VARCHAR(100))",
                "INSERT INTO " + q(table + "_base") + " (id, updated_at, name) VALUES (1, "
                        + db.timestampLiteral("2024-01-01 10:00:00") + ", 'a'), (2, "
                        + db.timestampLiteral("2024-01-01 11:00:00") + ", 'b')",
                "CREATE VIEW " + q(table) + " AS SELECT CASE WHEN id = 2 THEN NULL ELSE id END AS id, updated_at,"
                        + " name FROM " + q(table + "_base"));
        String message = "a row came with no value (NULL) in the key column id";
        for (String mode : List.of("incremental", "full")) {
            String target = table + "_" + mode;
            // The failing entry second, so that a path that always named the first entry's would show.
            CliRun failed = run(config("{\"name\": \"" + table + "_base\", \"mode\": \"full\", \"target\": \""
                            + target + "_first\"}",
                    entry((mode.equals("full") ? "\"mode\": \"full\"" : "\"watermark\": \"updated_at\"")
                    + ", \"primaryKey\": \"id\", \"target\": \"" + target + "\"")));
            assertEquals(1, failed.status, failed::toString);
            assertTrue(failed.err.contains(target + " failed: " + message), failed::toString);
            // The way out names the entry's key where the user gives it, not a bare "primaryKey".
            assertTrue(failed.err.contains("key the table on columns that always have one ($[0].tables[1].primaryKey)"),
                    failed::toString);
            assertFalse(failed.err.contains("$[0].tables[0]"), failed::toString);
            List<List<Object>> stored = ReplicaReader.query(replicaPath(), "SELECT name FROM sqlite_master WHERE name = '"
                    + target + "'").isEmpty() ? List.of()
                    : ReplicaReader.query(replicaPath(), "SELECT id FROM \"" + target + "\" WHERE id <> 1");
            assertEquals(List.of(), stored, mode);
        }
    }

    /**
     * A table renamed and a view of it put in its place: the view has no primary key. The replica,
     * made with the key, must not be dropped and read again as a table without one (whose rows every
     * later change would add beside the old ones): the table fails, its rows stay, and the message says
     * how to go on (the key given in the configuration).
     */
    @Test
    void aSourceTableThatLosesItsPrimaryKeyFailsAndKeepsItsRows() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);

        db.execute("ALTER TABLE " + q(table) + " RENAME TO " + q(table + "_old"),
                "CREATE VIEW " + q(table) + " AS SELECT * FROM " + q(table + "_old"));
        db.execute("UPDATE " + q(table + "_old") + " SET name = 'b2', updated_at = "
                + db.timestampLiteral("2024-01-01 12:00:00") + " WHERE id = 2");
        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the primary key changed") && failed.err.contains("\"primaryKey\"")
                && failed.err.contains("replicate reset " + table), failed.err);
        // The table's entry named, as failures over the configuration name it (it said "in the configuration").
        assertTrue(failed.err.contains("the source now has no primary key (append-only) ($[0].tables[0] gives no"
                + " \"primaryKey\"); if the source table lost its key (a view put in its place, a dropped constraint),"
                + " set $[0].tables[0].primaryKey to [\"id\"] to go on upserting by it"), failed.err);
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b")), replicaRows(), "the rows stay as they were");
        assertEquals(1L, ReplicaReader.single(replicaPath(),
                "SELECT count(*) FROM pragma_table_info('" + table + "') WHERE pk > 0"), "the key stays");

        runOk(config(tableBlock("\"primaryKey\": [\"id\"]")));
        assertEquals(sourceRows(), replicaRows());
    }

    /**
     * A table dropped and made again, its rows loaded with watermarks older than the cursor (a restore,
     * a reload from another system, a serial watermark that starts again): a run reading from the cursor
     * would never see them, nor any row written after them until the watermarks pass the old cursor.
     */
    @Test
    void aTableRecreatedWithOlderWatermarksIsReadAgainFromTheStart() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        insert(3, "2024-01-01 12:00:00", "c");
        Path config = config(tableBlock("\"pageSize\": 2"));
        runOk(config);

        db.execute("DROP TABLE " + q(table));
        createItems(true);
        insert(1, "2023-06-01 10:00:00", "new a");
        insert(2, "2023-06-01 11:00:00", "new b");
        insert(4, "2023-06-01 11:00:00", "new d");
        runOk(config);
        assertEquals(List.of(List.of(1L, "new a"), List.of(2L, "new b"), List.of(3L, "c"), List.of(4L, "new d")),
                replicaRows(), "the new rows are in; the old table's row 3 stays, as deletes are kept");
        String notes = String.valueOf(lastLog().get(3));
        assertTrue(notes.contains("behind the cursor") && notes.contains("read again from the start"), notes);
        assertEquals("2023-06-01T11:00", storedWatermark(), "the cursor follows the new rows");

        insert(5, "2023-06-02 10:00:00", "new e");
        runOk(config);
        assertEquals(List.of(5L, "new e"), replicaRows().get(4));
    }

    /** The same, by emptying the table and loading it again. */
    @Test
    void aTableEmptiedAndReloadedWithOlderWatermarksIsReadAgainFromTheStart() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);

        db.execute("DELETE FROM " + q(table));
        runOk(config);
        insert(7, "2023-01-01 10:00:00", "x");
        runOk(config);
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b"), List.of(7L, "x")), replicaRows());
    }

    /**
     * The newest rows deleted, or moved out of the table's where: the source's newest watermark is then
     * behind the cursor too, but nothing is missing, and the table is not read again.
     */
    @Test
    void theNewestRowDeletedDoesNotReadTheTableAgain() {
        createItems(true);
        for (int i = 1; i <= 20; i++) {
            insert(i, "2024-01-01 10:00:" + String.format("%02d", i), "n" + i);
        }
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id >= 19");
        runOk(config);
        assertTrue((Long) lastLog().get(0) <= 1L, "at most the rows at the newest watermark are read: " + lastLog());
        assertEquals("2024-01-01T10:00:20", storedWatermark(), "the cursor stays");
        runOk(config);
        assertTrue((Long) lastLog().get(0) <= 1L, lastLog().toString());
    }

    /**
     * A where widened between runs: the rows it now lets in have watermarks behind the cursor, and a
     * read from the cursor would never bring them (nor a narrowed one's rows taken out: see Deletes).
     */
    @Test
    void aWhereChangedBetweenRunsReadsTheTableAgainFromTheStart() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep");
        insert(2, "2024-01-01 11:00:00", "other");
        insert(3, "2024-01-01 12:00:00", "keep");
        runOk(config(tableBlock("\"where\": \"name = 'keep'\"")));
        assertEquals(List.of(List.of(1L, "keep"), List.of(3L, "keep")), replicaRows());

        Path wider = config(tableBlock("\"where\": \"name IN ('keep', 'other')\""));
        runOk(wider);
        assertEquals(sourceRows(), replicaRows(), "the row the where lets in now, behind the cursor, is in");
        String notes = String.valueOf(lastLog().get(3));
        assertTrue(notes.contains("where of " + table + " changed") && notes.contains("read again from the start"),
                notes);
        runOk(wider);
        assertEquals(1L, lastLog().get(0), "the same where again: only the rows on the cursor are read");
        assertEquals(null, lastLog().get(3));

        runOk(config(tableBlock("")));
        assertEquals(3L, lastLog().get(0), "no where at all is a change too");
    }

    /**
     * A state an earlier release wrote records no filter, and is taken as read under the configuration's.
     * Its first run here must record that, even when it reads no row (the cursor's rows left the where):
     * recorded only with a position, the filter stayed unknown, and a where widened next was never found
     * changed, the rows it lets in behind the cursor never read.
     */
    @Test
    void aStateWithoutARecordedFilterRecordsItsWhereAtItsFirstRunEvenReadingNoRow() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep");
        insert(2, "2024-01-01 11:00:00", "other");
        insert(3, "2024-01-01 12:00:00", "keep");
        Path keep = config(tableBlock("\"where\": \"name = 'keep'\""));
        runOk(keep);
        // As an earlier release leaves it.
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET row_filter = NULL");
        db.execute("UPDATE " + q(table) + " SET name = 'gone' WHERE id = 3");
        runOk(keep);
        assertEquals("2024-01-01T12:00", storedWatermark(), "the cursor's row left the where: no position written");

        runOk(config(tableBlock("\"where\": \"name IN ('keep', 'other', 'gone')\"")));
        assertEquals(sourceRows(), replicaRows(), "the rows the wider where lets in behind the cursor are in");
    }

    /**
     * The filter is recorded as the release before records and compares it (plainly, with equals): the
     * empty text for a table read whole, the where's SHA-256 for one with a where, whatever its soft-delete
     * column. Hostile test: a soft-delete mark appended to it made that release, run on the file in between
     * (a rollback), take every incremental table's filter as changed and read it all again, with a false
     * "the where of X changed" note.
     */
    @Test
    void theFilterIsRecordedAsTheReleaseBeforeComparesIt() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep");
        runOk(config(tableBlock("")));
        assertEquals("", ReplicaReader.single(replicaPath(), "SELECT row_filter FROM _replicate_watermarks"));
        String where = "name = 'keep'";
        runOk(config(tableBlock("\"where\": \"" + where + "\"")));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(("where " + where).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(digest),
                ReplicaReader.single(replicaPath(), "SELECT row_filter FROM _replicate_watermarks"));
    }

    /**
     * The state keeps a digest of the where, not its text: a where is written with ${VAR}s put in, and
     * what they hold (a tenant's token, say) must not reach the SQLite file, however it is spelt.
     */
    @Test
    void theStateKeepsNoTextOfTheWhere() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep-Zq81xT");
        runOk(config(tableBlock("\"where\": \"name = 'keep-Zq81xT'\"")));
        assertEquals(1L, replicaRows().size());
        Object stored = ReplicaReader.single(replicaPath(), "SELECT row_filter FROM _replicate_watermarks");
        assertFalse(String.valueOf(stored).contains("Zq81xT"), String.valueOf(stored));
        assertTrue(String.valueOf(stored).startsWith("sha256:"), String.valueOf(stored));
    }

    /**
     * The builds of main from 86bf1d4 to 3421b14 (2026-12-06, before the digest) kept the where as its
     * text ("where " and the where). Hostile upgrade, tried with the real build of 3421b14 on both servers:
     * this release took that text for another where, so verify refused the table (exit 1, "its where
     * changed") and the first run read it all again from the start with a false note. The text is the
     * digest's input: it is compared as its digest, and a where changed since is still found.
     */
    @Test
    void aWhereKeptAsTextByAnEarlierReleaseIsTheSameWhere() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep");
        insert(2, "2024-01-01 11:00:00", "other");
        insert(3, "2024-01-01 12:00:00", "keep");
        String where = "name = 'keep'";
        Path keep = config(tableBlock("\"where\": \"" + where + "\""));
        runOk(keep);
        // As those builds left it.
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET row_filter = 'where " + where.replace("'", "''")
                + "'");

        CliRun verify = CliRun.run(dir, "verify", "--config", keep.toString(), "--db", replicaPath().toString());
        assertEquals(0, verify.status, verify::toString);
        runOk(keep);
        assertEquals(1L, lastLog().get(0), "only the row on the cursor is read, not the table from the start");
        assertEquals(null, lastLog().get(3));
        assertTrue(String.valueOf(ReplicaReader.single(replicaPath(), "SELECT row_filter FROM _replicate_watermarks"))
                .startsWith("sha256:"), "kept as a digest from now on");

        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET row_filter = 'where " + where.replace("'", "''")
                + "'");
        runOk(config(tableBlock("\"where\": \"name IN ('keep', 'other')\"")));
        assertEquals(sourceRows(), replicaRows(), "a where widened since the text was kept is a change");
    }

    /**
     * The builds of main from 4c4e8a9 to 37d37da (2026-12-06) kept the soft-delete column after the filter
     * ("sha256:...;softDelete=", or ";softDelete=" alone for a table without a where) and nothing in
     * row_soft_delete. Their filter is the same where: verify takes the table, a run reads the cursor's row
     * only, and the filter is kept as this release keeps it.
     */
    @Test
    void aFilterKeptWithItsSoftDeleteColumnByAnEarlierReleaseIsTheSameFilter() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep");
        insert(2, "2024-01-01 11:00:00", "other");
        insert(3, "2024-01-01 12:00:00", "keep");
        for (String block : List.of("\"where\": \"name = 'keep'\"", "\"pageSize\": 100")) {
            Path config = config(tableBlock(block));
            if (Files.exists(replicaPath())) {
                ReplicaReader.edit(replicaPath(), "DELETE FROM _replicate_watermarks");
                ReplicaReader.edit(replicaPath(), "DROP TABLE " + q(table));
            }
            runOk(config);
            String kept = String.valueOf(ReplicaReader.single(replicaPath(), "SELECT row_filter FROM _replicate_watermarks"));
            // As those builds left it.
            ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET row_filter = row_filter || ';softDelete=',"
                    + " row_soft_delete = NULL");

            CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
            assertEquals(0, verify.status, verify::toString);
            runOk(config);
            assertEquals(1L, lastLog().get(0), block + ": only the row on the cursor is read, not the table from the start");
            assertEquals(null, lastLog().get(3), block);
            assertEquals(kept, ReplicaReader.single(replicaPath(), "SELECT row_filter FROM _replicate_watermarks"), block);
            assertEquals("", ReplicaReader.single(replicaPath(), "SELECT row_soft_delete FROM _replicate_watermarks"), block);
        }
    }

    /** A where edited into one that does not run, then back: the position is kept all along. */
    @Test
    void aChangedWhereThatFailsLeavesThePositionAsItWas() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "keep");
        insert(2, "2024-01-01 11:00:00", "keep");
        Path config = config(tableBlock("\"where\": \"name = 'keep'\""));
        runOk(config);
        CliRun failed = run(config(tableBlock("\"where\": \"nosuch = 1\"")));
        assertEquals(1, failed.status, failed::toString);
        assertEquals("2024-01-01T11:00", storedWatermark());
        runOk(config);
        assertEquals(1L, lastLog().get(0), "the old where again: the cursor's row only");
        assertEquals(null, lastLog().get(3));
    }

    /**
     * A table without a key is dropped and synced again when a column is added at the source: an index
     * or a trigger the user made on the replica table went with it, without a word.
     */
    @Test
    void aRebuildThatWouldDropIndexesOrTriggersMadeByHandFailsNamingThem() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "CREATE INDEX mine_" + table + " ON \"" + table + "\" (name)",
                "CREATE TABLE audit (id)",
                "CREATE TRIGGER audit_" + table + " AFTER INSERT ON \"" + table + "\" BEGIN INSERT INTO audit VALUES (new.id); END");

        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN extra INTEGER");
        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("index mine_" + table) && failed.err.contains("trigger audit_" + table)
                && failed.err.contains("made by hand") && failed.err.contains("DROP INDEX"), failed.err);
        assertEquals(2L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM sqlite_master WHERE name IN ('mine_"
                + table + "', 'audit_" + table + "')"), "they stay");
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b")), replicaRows());

        ReplicaReader.edit(replicaPath(), "DROP INDEX mine_" + table, "DROP TRIGGER audit_" + table);
        runOk(config);
        assertEquals(sourceRows(), replicaRows());
    }

    /**
     * The same over one index of the user's: the refusal spoke of it in the plural ("Keep their SQL", "drop them",
     * "make them again"); one object reads as one.
     */
    @Test
    void aRebuildThatWouldDropOneIndexMadeByHandSpeaksOfIt() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "CREATE INDEX mine_" + table + " ON \"" + table + "\" (name)");

        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN extra INTEGER");
        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the index mine_" + table + " made by hand on it") && failed.err.contains("Keep its"
                + " SQL (") && failed.err.contains("drop it (") && failed.err.contains("make it again after the run"),
                failed.err);
        assertFalse(failed.err.contains("their SQL") || failed.err.contains("drop them")
                || failed.err.contains("make them"), failed.err);
    }

    /**
     * A column renamed at the source: the old SQLite column stays (rows no run reads again keep the values
     * they were read with), but a row written again must not keep a value the source no longer holds for
     * it. It had: the upsert set only the columns read, so the rows read again showed the old column's
     * stale value beside the new one. Now NULL there, the table keeps running, one note names the column
     * and the way to be rid of it, and verify does not count the column as a difference.
     */
    @Test
    void aColumnRenamedAtTheSourceHoldsNoStaleValueInRowsWrittenAgain() {
        columnGoneFromAKeyedTable("ALTER TABLE " + q(table) + " RENAME COLUMN name TO label", "label");
    }

    /** As {@link #aColumnRenamedAtTheSourceHoldsNoStaleValueInRowsWrittenAgain}, the column dropped. */
    @Test
    void aColumnDroppedAtTheSourceHoldsNoStaleValueInRowsWrittenAgain() {
        columnGoneFromAKeyedTable("ALTER TABLE " + q(table) + " DROP COLUMN name", null);
    }

    /** @param renamedTo the column's new name at the source; null where it was dropped */
    private void columnGoneFromAKeyedTable(String change, String renamedTo) {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        insert(3, "2024-01-01 12:00:00", "c");
        Path config = config(tableBlock(""));
        runOk(config);

        db.execute(change);
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 13:00:00")
                + (renamedTo == null ? "" : ", " + renamedTo + " = 'b2'") + " WHERE id = 2");
        runOk(config);
        // Row 1 was not read again: it keeps what it was read with. Row 2 changed, row 3 sits on the stored
        // watermark (read again by every run): both were written again, so neither keeps the old value.
        assertEquals(List.of(Arrays.asList(1L, "a"), Arrays.asList(2L, null), Arrays.asList(3L, null)), replicaRows());
        if (renamedTo != null) {
            assertEquals(List.of(Arrays.asList((Object) null), List.of("b2"), List.of("c")), ReplicaReader.query(
                    replicaPath(), "SELECT " + renamedTo + " FROM \"" + table + "\" ORDER BY id"));
        }
        String notes = String.valueOf(lastLog().get(3));
        assertTrue(notes.contains("column name is no longer at the source") && notes.contains("NULL")
                && notes.contains("replicate reset " + table), notes);

        // The gone column is no difference: row 1 keeps 'a' in it. A renamed column's new one is, in row 1,
        // which no run has read since it was added (NULL there, 'a' at the source: a reset fills it).
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(renamedTo == null ? 0 : 1, verify.status, verify::toString);
        if (renamedTo != null) {
            assertTrue(verify.out.contains("1 different (1)"), verify::toString);
        }

        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 14:00:00")
                + " WHERE id = 1");
        runOk(config);
        assertEquals(List.of(Arrays.asList(1L, null), Arrays.asList(2L, null), Arrays.asList(3L, null)), replicaRows());
        assertFalse(String.valueOf(lastLog().get(3)).contains("column name"), "said once: " + lastLog());
        verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A release from before own_columns (one that records the read types, row_value_types), run on the file
     * in between (a file keeps working with the release before), rebuilds a table without a key for a column
     * new at the source and leaves the record of its columns as it was, without the new one. Its rows are
     * told apart by that column's values all the same, as the read types say: dropped at the source later,
     * it must make the table sync again, not count as one added by hand (the rows read again were stored a
     * second time).
     */
    @Test
    void aColumnARebuildByAnOlderReleaseLeftUnrecordedIsStillOneTheRowsAreToldApartBy() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN tag VARCHAR(10) DEFAULT 't'");
        runOk(config);
        // What the older release's rebuild leaves: the record without the column it added.
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = replace(replace(own_columns,"
                + " char(10) || '+tag', ''), char(10) || '~+tag', '')");

        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN tag");
        insert3WithoutName();
        runOk(config);
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)),
                ReplicaReader.query(replicaPath(), "SELECT id FROM \"" + table + "\" ORDER BY id"));
        String notes = String.valueOf(lastLog().get(3));
        assertTrue(notes.contains("column tag is no longer at the source") && notes.contains("from the start without it"),
                notes);
    }

    /**
     * What a table without a key is synced again from the start for, and what its drop would take with it,
     * is counted as said: "column name is", "columns tag, memo are" (it said "column(s) ... are").
     */
    @Test
    void columnsChangedInATableWithoutAKeyAreCountedAsSaid() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        String addTag = "ALTER TABLE " + q(table) + " ADD COLUMN tag VARCHAR(10) DEFAULT 't'";
        String addMemo = "ALTER TABLE " + q(table) + " ADD COLUMN memo VARCHAR(10) DEFAULT 'm'";
        db.execute(addTag, addMemo);
        runOk(config);
        assertTrue(lastNotes().contains("columns tag, memo are stored now (newly selected, or new at the source)"),
                lastNotes());
        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN tag", "ALTER TABLE " + q(table) + " DROP COLUMN memo");
        runOk(config);
        assertTrue(lastNotes().contains("columns tag, memo are no longer at the source (dropped, or renamed there); "
                + table + " has no primary key") && lastNotes().contains("from the start without them"), lastNotes());

        runOk(config(tableBlock("\"excludeColumns\": [\"name\"]")));
        assertTrue(lastNotes().contains("column name is excluded now; " + table + " has no primary key")
                && lastNotes().contains("from the start without it"), lastNotes());
        db.execute(addTag, addMemo);
        Path excluded = config(tableBlock("\"excludeColumns\": [\"name\", \"tag\", \"memo\"]"));
        runOk(config(tableBlock("\"excludeColumns\": [\"name\"]")));
        runOk(excluded);
        assertTrue(lastNotes().contains("columns tag, memo are excluded now; " + table + " has no primary key")
                && lastNotes().contains("from the start without them"), lastNotes());

        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN note TEXT",
                "ALTER TABLE \"" + table + "\" ADD COLUMN remark TEXT");
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN extra VARCHAR(10) DEFAULT 'x'");
        CliRun refused = run(excluded);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("the columns note, remark added by hand, and their values")
                && refused.err.contains("into a table of your own, drop them ("), refused::toString);
    }

    private String lastNotes() {
        return String.valueOf(lastLog().get(3));
    }

    /**
     * A column the user added by hand to a table without a key, whose name the source has added since: it
     * is in no stored row's identity, so the rows read again no longer matched theirs and were stored a
     * second time, the user's values beside the source's. The table must sync again, and its column of the
     * user's stops it, named, until the user drops it.
     */
    @Test
    void aColumnAddedByHandThatTheSourceAddsSinceIsNamedInsteadOfStoringRowsTwice() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoByHand();
        addMemoAtTheSource();

        CliRun failed = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the column memo added by hand, and its values")
                && failed.err.contains("into a table of your own, drop it ("), failed::toString);
        assertEquals(List.of(List.of(1L, "mine"), List.of(2L, "mine")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo FROM \"" + table + "\" ORDER BY id"));

        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" DROP COLUMN memo");
        runOk(config);
        assertEquals(List.of(List.of(1L, "src"), List.of(2L, "src")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo FROM \"" + table + "\" ORDER BY id"));
    }

    /**
     * As {@link #aColumnAddedByHandThatTheSourceAddsSinceIsNamedInsteadOfStoringRowsTwice}, a table with a
     * key: the column was silently taken for the source's, the rows read again getting the source's values
     * and the others keeping the user's, with no word. The table fails instead (the others go on), naming
     * the column and the ways on; nothing of the user's is written over, by a run or by verify --repair.
     * Renamed by hand, the user's column stays theirs and the source's is added beside it.
     */
    @Test
    void aColumnAddedByHandToATableWithAKeyThatTheSourceAddsSinceFailsTheTableNamingIt() throws Exception {
        String other = table + "_other";
        db.execute("CREATE TABLE " + q(other) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NULL)",
                "INSERT INTO " + q(other) + " (id, updated_at) VALUES (1, " + db.timestampLiteral("2024-01-01 10:00:00") + ")");
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""), "{\"name\": \"" + other + "\", \"watermark\": \"updated_at\"}");
        runOk(config);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT",
                "UPDATE \"" + table + "\" SET memo = 'mine ' || id");
        addMemoAtTheSource();
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 13:00:00")
                + " WHERE id = 2");
        db.execute("INSERT INTO " + q(other) + " (id, updated_at) VALUES (2, " + db.timestampLiteral("2024-01-01 11:00:00") + ")");

        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains(table + " failed: ") && failed.err.contains("memo of " + table + ", not made by replicate (added by hand, or by an earlier release)")
                && failed.err.contains("RENAME COLUMN") && failed.err.contains("DROP COLUMN")
                && failed.err.contains("replicate reset " + table), failed::toString);
        assertEquals(List.of(List.of(1L, "mine 1"), List.of(2L, "mine 2")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo FROM \"" + table + "\" ORDER BY id"));
        assertEquals(2L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM \"" + other + "\""), "the others go on");

        CliRun repair = CliRun.run(dir, "verify", "--repair", "--config", config.toString(), "--db",
                replicaPath().toString());
        assertTrue(repair.out.contains("memo of " + table + ", not made by replicate") || repair.err.contains("memo of " + table + ", not made by replicate"), repair::toString);
        assertEquals(List.of(List.of(1L, "mine 1"), List.of(2L, "mine 2")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo FROM \"" + table + "\" ORDER BY id"));

        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" RENAME COLUMN memo TO my_memo");
        runOk(config);
        // Row 2 is read again (its watermark is the cursor's): it gets the source's value; row 1 waits for a
        // change or a reset, as any column new at the source.
        assertEquals(List.of(Arrays.asList(1L, null, "mine 1"), Arrays.asList(2L, "src", "mine 2")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo, my_memo FROM \"" + table + "\" ORDER BY id"));
    }

    /**
     * A file keeps working with the release before (a rollback), and again with this one after it. A
     * release from before own_columns run in between adds a column new at the source to a table with a key
     * and fills it for the rows it reads, leaving the record of the columns made as it was: the next run of
     * this release failed the table as one whose column was "added by hand, or by an earlier release", and
     * the ways on were a rename, a drop or a reset. Tried with the real build of e8c31cf: the run it leaves
     * is what the edit below imitates (the column added, the rows read given the source's values, the last
     * run written). The column is replicate's, as in a file such a release wrote from the start.
     */
    @Test
    void aColumnAnEarlierReleaseAddedInBetweenIsReplicatesAfterTheUpgradeAgain() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoAtTheSource();
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT",
                "UPDATE \"" + table + "\" SET memo = 'src' WHERE id = 2",
                "UPDATE _replicate_watermarks SET last_run_ts = '2024-06-01T00:00:00Z'");
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 12:00:00")
                + ", name = 'b2' WHERE id = 2");
        insert(3, "2024-01-01 13:00:00", "c");

        // Before the run that takes it, verify --repair writes nothing into it: it had filled row 1 with the
        // source's value with no word.
        CliRun repair = CliRun.run(dir, "verify", "--repair", "--config", config.toString(), "--db",
                replicaPath().toString());
        assertEquals(1, repair.status, repair::toString);
        // It says what a run does (takes the column as replicate's, without asking) and how to keep it as yours.
        assertTrue(repair.out.contains("column memo") && repair.out.contains("takes it as replicate's without asking")
                && repair.out.contains("RENAME COLUMN \"memo\" TO \"memo_by_hand\"")
                && !repair.out.contains("which says whose"), repair::toString);
        assertEquals(List.of(Arrays.asList(1L, "a", null), List.of(2L, "b", "src")),
                ReplicaReader.query(replicaPath(), "SELECT id, name, memo FROM \"" + table + "\" ORDER BY id"));

        CliRun taking = runOk(config);
        String note = String.valueOf(lastLog().get(3));
        assertTrue(note.contains("column memo of " + table + " is taken as replicate's"), () -> taking + " " + lastLog());
        // A reset would drop a column the user added by hand, with its values: the note says to copy them first.
        assertTrue(note.contains("if you added it by hand, rows read from now on hold the source's values in it and"
                + " the others keep yours: copy what you need of it now (`replicate reset " + table + "` would drop it"
                + " and refill every row from the source)"), () -> taking + " " + lastLog());
        assertEquals(List.of(Arrays.asList(1L, "a", null), List.of(2L, "b2", "src"), List.of(3L, "c", "src")),
                ReplicaReader.query(replicaPath(), "SELECT id, name, memo FROM \"" + table + "\" ORDER BY id"));
        // Recorded as replicate's now: dropped at the source, it is named gone, not kept as the user's.
        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN memo");
        CliRun after = runOk(config);
        assertTrue(String.valueOf(lastLog().get(3)).contains("column memo is no longer at the source"),
                () -> after + " " + lastLog());
    }

    /**
     * verify's refusal of the columns a run would take as replicate's agrees in number with them: one column
     * is "it", two are "them", as the other refusals over columns say (Counted).
     */
    @Test
    void verifysWordsOverColumnsARunWouldTakeAgreeWithTheirNumber() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoAtTheSource();
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT");
        anotherReleaseRan();
        CliRun one = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, one.status, one::toString);
        assertTrue(one.out.contains("the column memo of " + table + " is not in the record of the columns replicate"
                + " made") && one.out.contains("the next run takes it as replicate's")
                && one.out.contains("If it is yours, rename it first") && one.out.contains("the source's beside it;"),
                one::toString);

        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN tag VARCHAR(10) DEFAULT 'src'");
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN tag TEXT");
        CliRun two = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, two.status, two::toString);
        assertTrue(two.out.contains("the columns memo, tag of " + table + " are not in the record of the columns"
                + " replicate made") && two.out.contains("the next run takes them as replicate's")
                && two.out.contains("If they are yours, rename them first")
                && two.out.contains("the source's beside them;"), two::toString);
    }

    /**
     * As {@link #aColumnAnEarlierReleaseAddedInBetweenIsReplicatesAfterTheUpgradeAgain}, with a run of this
     * release in between that fails before the table is prepared (the source table unreachable for a while):
     * that run cleared the sign that another release ran, and the next successful run refused the column as
     * one added by hand again.
     */
    @Test
    void aFailedRunAfterAnEarlierReleaseAddedAColumnLeavesItReplicates() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoAtTheSource();
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT",
                "UPDATE _replicate_watermarks SET last_run_ts = '2024-06-01T00:00:00Z'");
        db.execute("ALTER TABLE " + q(table) + " RENAME TO " + q(table + "_away"));
        try {
            CliRun failed = run(config);
            assertEquals(1, failed.status, failed::toString);
        } finally {
            db.execute("ALTER TABLE " + q(table + "_away") + " RENAME TO " + q(table));
        }
        insert(2, "2024-01-01 13:00:00", "b");

        runOk(config);
        assertEquals(List.of(List.of("src")),
                ReplicaReader.query(replicaPath(), "SELECT memo FROM \"" + table + "\" WHERE id = 2"));
    }

    /**
     * A column the user added by hand while this release ran is theirs, also after a release that keeps no
     * record of the columns made ran in between and the source added a column of that name: taken over, its
     * rows read again would get the source's values and the others keep the user's.
     */
    @Test
    void aColumnAddedByHandStaysTheUsersAfterAnEarlierReleaseRanInBetween() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoByHand();
        runOk(config);
        anotherReleaseRan();
        addMemoAtTheSource();
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 12:00:00")
                + " WHERE id = 1");

        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("memo") && refused.err.contains("added by hand"), refused::toString);
        assertEquals(List.of(List.of("mine")),
                ReplicaReader.query(replicaPath(), "SELECT memo FROM \"" + table + "\""));
    }

    /**
     * As {@link #aColumnAddedByHandStaysTheUsersAfterAnEarlierReleaseRanInBetween}, the release in between one
     * that writes the record of the columns made but not the list of the user's (the builds of 2026-12-06
     * before own_columns_run_ts): it writes own_columns again with its own lines only. Kept in own_columns,
     * the list went with them, and the column was taken for the source's.
     */
    @Test
    void aColumnAddedByHandStaysTheUsersAfterABuildThatRewritesTheRecordRanInBetween() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoByHand();
        runOk(config);
        String record = String.valueOf(ReplicaReader.single(replicaPath(), "SELECT own_columns FROM _replicate_watermarks"));
        // Its own lines: not the list of the user's columns, nor the lines with names folded as SQLite folds them.
        String rewritten = String.join("\n", record.lines()
                .filter(line -> !line.startsWith("*") && !line.startsWith("~")).toList());
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = '"
                + rewritten.replace("'", "''") + "', last_run_ts = '2024-06-01T00:00:00Z'");
        addMemoAtTheSource();
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 12:00:00")
                + " WHERE id = 1");

        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("memo") && refused.err.contains("added by hand"), refused::toString);
        assertEquals(List.of(List.of("mine")),
                ReplicaReader.query(replicaPath(), "SELECT memo FROM \"" + table + "\""));
    }

    /**
     * The list of the user's columns as the first builds that kept it wrote it (in own_columns, before
     * other_columns) is still read, and moved to other_columns by the next run.
     */
    @Test
    void aListOfTheUsersColumnsKeptInTheRecordOfTheColumnsMadeIsStillRead() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoByHand();
        runOk(config);
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = own_columns || char(10)"
                + " || other_columns, other_columns = NULL");
        runOk(config);
        assertEquals(List.of(List.of("*memo")), ReplicaReader.query(replicaPath(), "SELECT other_columns FROM"
                + " _replicate_watermarks WHERE own_columns NOT LIKE '*%'"
                + " AND instr(own_columns, char(10) || '*') = 0"));
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = own_columns || char(10)"
                + " || other_columns, other_columns = NULL, last_run_ts = '2024-06-01T00:00:00Z'");
        addMemoAtTheSource();

        CliRun refused = run(config);
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains("memo") && refused.err.contains("added by hand"), refused::toString);
    }

    /**
     * A column a release that keeps no record of the columns made added in between, excluded since: whose
     * it is cannot be told, so the table fails with the ways on (drop or rename it) rather than keep values
     * a privacy exclusion is meant to remove, and record the column as the user's for good.
     */
    @Test
    void anExcludedColumnAnEarlierReleaseAddedInBetweenIsNotKeptSilently() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        runOk(config(tableBlock("")));
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN secret VARCHAR(10) DEFAULT 'src'");
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN secret TEXT",
                "UPDATE \"" + table + "\" SET secret = 'src'",
                "UPDATE _replicate_watermarks SET last_run_ts = '2024-06-01T00:00:00Z'");
        Path excluding = config(tableBlock("\"excludeColumns\": [\"secret\"]"));

        CliRun failed = run(excluding);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("secret") && failed.err.contains("DROP COLUMN"), failed::toString);
        // Still refused the run after: the failure left the sign that another release ran.
        CliRun again = run(excluding);
        assertEquals(1, again.status, again::toString);
        assertEquals(List.of(List.of("src")),
                ReplicaReader.query(replicaPath(), "SELECT secret FROM \"" + table + "\""));
    }

    /**
     * As {@link #aColumnAnEarlierReleaseAddedInBetweenIsReplicatesAfterTheUpgradeAgain}, a table without a
     * key: a release from before the read types (row_value_types) and own_columns, run in between, drops and
     * syncs the table again for the column new at the source, and leaves both records as they were. The next
     * run of this release failed the table ("the stored columns changed (memo) ... would take with it the
     * column(s) memo"), for good. Tried with the real build of e8c31cf; the edit imitates what it leaves
     * (the table as a rebuild makes it, the records of before, its own last run).
     */
    @Test
    void aColumnAnEarlierReleaseRebuiltATableWithoutAKeyForInBetweenIsReplicatesAfterTheUpgradeAgain() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        List<Object> records = ReplicaReader.query(replicaPath(),
                "SELECT own_columns, row_value_types FROM _replicate_watermarks").get(0);
        addMemoAtTheSource();
        runOk(config); // the table dropped and synced again with the column, as that release does too
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = '" + records.get(0)
                + "', row_value_types = '" + records.get(1) + "', last_run_ts = '2024-06-01T00:00:00Z'");
        insert(3, "2024-01-01 12:00:00", "c");

        runOk(config);
        assertEquals(List.of(List.of(1L, "src"), List.of(2L, "src"), List.of(3L, "src")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo FROM \"" + table + "\" ORDER BY id"));
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A column a full refresh made (the table made anew from the source's columns) is replicate's: made
     * incremental again, the table takes it as its own, not as one added by hand that the source has too.
     */
    @Test
    void aColumnAFullRefreshMadeIsReplicatesOnceTheTableIsIncrementalAgain() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path incremental = config(tableBlock(""));
        runOk(incremental);
        addMemoAtTheSource();
        runOk(config(entry("\"mode\": \"full\"")));

        db.execute("UPDATE " + q(table) + " SET memo = 'src2', updated_at = " + db.timestampLiteral("2024-01-01 11:00:00"));
        runOk(incremental);
        assertEquals(List.of(List.of(1L, "src2")),
                ReplicaReader.query(replicaPath(), "SELECT id, memo FROM \"" + table + "\" ORDER BY id"));
        CliRun verify = CliRun.run(dir, "verify", "--config", incremental.toString(), "--db", replicaPath().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A first run that made the SQLite table and failed before its first page committed (here its where does
     * not run; a kill is alike) recorded no columns of it: the next run recorded the source's as they were
     * then, so a column dropped at the source in between stayed in the table for good, NULL, never named.
     * The columns are recorded with the table: the next run finds the column gone, and says so.
     */
    @Test
    void aColumnDroppedAfterAFirstRunThatFailedBeforeItsFirstPageIsKnownAsGone() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        CliRun failed = run(config(tableBlock("\"where\": \"no_such_column > 0\"")));
        assertEquals(1, failed.status, failed::toString);
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM \"" + table + "\""),
                "the table was made, no row committed");

        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN name");
        runOk(config(tableBlock("")));
        String notes = String.valueOf(lastLog().get(3));
        assertTrue(notes.contains("column name is no longer at the source"), notes);
        assertEquals(List.of(Arrays.asList(1L, null)), replicaRows());
    }

    /**
     * A generated column the user added (AS (...)), which SQLite's table_info does not list, is one made by
     * hand too: a table without a key that must be synced again from the start fails naming it, instead of
     * being dropped with it, unseen.
     */
    @Test
    void aRebuildThatWouldDropAGeneratedColumnAddedByHandFailsNamingIt() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN shout TEXT AS (upper(name)) VIRTUAL");
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN extra text");

        CliRun failed = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("shout added by hand"), failed::toString);
        assertEquals(List.of(List.of("A")), ReplicaReader.query(replicaPath(), "SELECT shout FROM \"" + table + "\""));

        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" DROP COLUMN shout");
        runOk(config);
        assertEquals(sourceRows(), replicaRows());
    }

    /**
     * A table without a key the user remade by hand with a column of their own before the hidden row key
     * (from its DDL, for a DEFAULT that ALTER TABLE refuses) keeps that column and its values: the columns
     * its rows' identities were made from are the state's read types, not every column before the row key.
     * Taken by place, the column was called gone from the source and the table synced again without it.
     */
    @Test
    void aColumnOfTheUsersBeforeTheRowKeyOfATableWithoutAKeyIsKept() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        String made = String.valueOf(ReplicaReader.single(replicaPath(),
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'"));
        int rowKey = made.indexOf("\"" + SqliteSql.ROW_KEY + "\"");
        assertTrue(rowKey > 0, made);
        String remade = made.substring(0, rowKey) + "\"imported_at\" TEXT DEFAULT 'mine', " + made.substring(rowKey);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" RENAME TO mine_old", remade,
                "INSERT INTO \"" + table + "\" (id, updated_at, name, " + SqliteSql.ROW_KEY + ") SELECT id, updated_at,"
                        + " name, " + SqliteSql.ROW_KEY + " FROM mine_old",
                "DROP TABLE mine_old");

        insert(3, "2024-01-01 12:00:00", "c");
        runOk(config);
        runOk(config);
        assertEquals(List.of(Arrays.asList(1L, "mine"), Arrays.asList(2L, "mine"), Arrays.asList(3L, "mine")),
                ReplicaReader.query(replicaPath(), "SELECT id, imported_at FROM \"" + table + "\" ORDER BY id"));
        assertFalse(String.valueOf(lastLog().get(3)).contains("no longer at the source"), lastLog().toString());
    }

    /**
     * A table without a key tells its rows apart by all their values: with a column gone at the source,
     * the rows every run reads again (those on the stored watermark) no longer match their stored selves
     * and were stored a second time. It is synced again from the start instead, as for a column excluded.
     */
    @Test
    void aColumnGoneFromATableWithoutAKeyDoesNotStoreRowsReadAgainTwice() {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);

        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN name");
        insert3WithoutName();
        runOk(config);
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)),
                ReplicaReader.query(replicaPath(), "SELECT id FROM \"" + table + "\" ORDER BY id"));
        String notes = String.valueOf(lastLog().get(3));
        assertTrue(notes.contains("column name is no longer at the source") && notes.contains("from the start without it"),
                notes);
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A column the user added to the SQLite table by hand is not one gone from the source: a run keeps its
     * values, says nothing of it, and does not rebuild a table without a key for it. Only the columns the
     * state records replicate made are (OwnColumns).
     */
    @Test
    void aColumnAddedByHandToATableWithAKeyKeepsItsValues() throws Exception {
        columnAddedByHand(true);
    }

    /** As {@link #aColumnAddedByHandToATableWithAKeyKeepsItsValues}, a table without a key: not rebuilt. */
    @Test
    void aColumnAddedByHandToATableWithoutAKeyKeepsItsValues() throws Exception {
        columnAddedByHand(false);
    }

    private void columnAddedByHand(boolean keyed) throws Exception {
        createItems(keyed);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN remark TEXT",
                "UPDATE \"" + table + "\" SET remark = 'mine ' || id");

        insert(3, "2024-01-01 12:00:00", "c");
        runOk(config);
        runOk(config);
        assertEquals(List.of(Arrays.asList(1L, "a", "mine 1"), Arrays.asList(2L, "b", "mine 2"),
                        Arrays.asList(3L, "c", null)),
                ReplicaReader.query(replicaPath(), "SELECT id, name, remark FROM \"" + table + "\" ORDER BY id"));
        assertFalse(String.valueOf(lastLog().get(3)).contains("no longer at the source"), lastLog().toString());
    }

    /**
     * A file an earlier release wrote records no columns of its tables: the first run of this release
     * records the source's, and a column the source dropped before that is kept as it was, values and all,
     * as one added by hand is (it cannot tell them apart). One dropped after that is treated as gone.
     */
    @Test
    void aTableWithoutARecordOfItsColumnsKeepsTheOnesTheSourceDroppedBefore() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        insert(2, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = NULL");
        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN name");
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 13:00:00")
                + " WHERE id = 2");
        runOk(config);
        assertEquals(List.of(Arrays.asList(1L, "a"), Arrays.asList(2L, "b")), replicaRows());
        assertFalse(String.valueOf(lastLog().get(3)).contains("no longer at the source"), lastLog().toString());

        // That run recorded the columns the source has now: one it drops from then on is gone.
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN extra text");
        db.execute("UPDATE " + q(table) + " SET extra = 'x', updated_at = " + db.timestampLiteral("2024-01-01 14:00:00")
                + " WHERE id = 1");
        runOk(config);
        db.execute("ALTER TABLE " + q(table) + " DROP COLUMN extra");
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 15:00:00")
                + " WHERE id = 1");
        runOk(config);
        assertTrue(String.valueOf(lastLog().get(3)).contains("column extra is no longer at the source"), lastLog().toString());
        assertEquals(List.of(Arrays.asList((Object) null)), ReplicaReader.query(replicaPath(),
                "SELECT extra FROM \"" + table + "\" WHERE id = 1"));
    }

    /**
     * A table without a key that must be synced again from the start (a column added at the source) and
     * holds a column the user added by hand is left as it is, the table failing with the way on: the
     * drop would have taken the column and its values with it, silently.
     */
    @Test
    void aRebuildThatWouldDropAColumnAddedByHandFailsNamingIt() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN remark TEXT",
                "UPDATE \"" + table + "\" SET remark = 'mine'");
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN extra text");

        CliRun failed = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("remark added by hand") && failed.err.contains("DROP COLUMN"), failed::toString);
        assertEquals(List.of(List.of("mine")), ReplicaReader.query(replicaPath(), "SELECT remark FROM \"" + table + "\""));

        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" DROP COLUMN remark");
        runOk(config);
        assertEquals(sourceRows(), replicaRows());
    }

    private void insert3WithoutName() {
        db.execute("INSERT INTO " + q(table) + " (id, updated_at) VALUES (3, "
                + db.timestampLiteral("2024-01-01 12:00:00") + ")");
    }

    /** What {@code replicate verify} of {@code config} said, out and err together. */
    private CliRun verify(Path config) {
        return CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
    }

    /**
     * Verify of a table without a key that holds a column added by hand whose name the source adds since
     * gives the ways on its run gives (copy the values, drop the column, run again), not a rename that would
     * have the next run add the source's beside it: the run syncs such a table again from the start.
     */
    @Test
    void verifyOfATableWithoutAKeyGivesItsRunsWaysOnForAColumnAddedByHand() throws Exception {
        createItems(false);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        addMemoByHand();
        addMemoAtTheSource();

        CliRun verify = verify(config);
        String said = verify.out + verify.err;
        assertTrue(said.contains("memo of " + table + ", not made by replicate") && said.contains("DROP COLUMN")
                && said.contains("no primary key") && !said.contains("beside"), verify::toString);
    }

    /**
     * A generated column added by hand ({@code AS (...)}, which SQLite's table_info leaves out) whose name the
     * source adds since fails the table naming it, as any column added by hand does, where every run failed
     * with SQLite's "duplicate column name" and verify said a run would add it.
     */
    @Test
    void aGeneratedColumnAddedByHandThatTheSourceAddsSinceFailsTheTableNamingIt() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT AS (name || '!')");
        addMemoAtTheSource();

        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("memo of " + table + ", not made by replicate (added by hand)") && !failed.err.contains("duplicate column"),
                failed::toString);
        CliRun verify = verify(config);
        String said = verify.out + verify.err;
        assertTrue(said.contains("memo of " + table + ", not made by replicate (added by hand)") && !said.contains("which adds it"), verify::toString);
        assertEquals(List.of(List.of("a!")), ReplicaReader.query(replicaPath(), "SELECT memo FROM \"" + table + "\""));
    }

    /**
     * A first run that made the table and failed before its first page (its where does not run) wrote no row
     * under the key's types: a key retyped before the next run is no reason to drop the empty table, and that
     * run syncs it, where it failed it as one replicate had no record of making (and reset refused).
     */
    @Test
    void aKeyRetypedAfterAFirstRunThatFailedBeforeItsFirstPageIsSynced() {
        db.execute("CREATE TABLE " + q(table) + " (k DECIMAL(10,2) NOT NULL PRIMARY KEY, v VARCHAR(20), wm INTEGER NOT NULL)");
        db.execute("INSERT INTO " + q(table) + " (k, v, wm) VALUES (1.50, 'a', 1)");
        CliRun failed = run(config(entry("\"watermark\": \"wm\", \"where\": \"no_such_column > 0\"")));
        assertEquals(1, failed.status, failed::toString);
        assertEquals(0L, ReplicaReader.single(replicaPath(), "SELECT count(*) FROM \"" + table + "\""),
                "the table was made, no row committed");

        db.execute(db.retypeColumn(table, "k", "DECIMAL(10,4)"));
        runOk(config(entry("\"watermark\": \"wm\"")));
        assertEquals(List.of(List.of("1.5000", "a", 1L)), ReplicaReader.query(replicaPath(),
                "SELECT k, v, wm FROM \"" + table + "\""));
    }

    /**
     * The record of the columns replicate made means nothing to a full table, which every run makes anew from
     * the source's columns: verify of one does not refuse a column the record (an incremental past's) lacks.
     */
    @Test
    void verifyOfAFullTableDoesNotGoByTheRecordOfTheColumnsMade() throws Exception {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        runOk(config(tableBlock("")));
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT",
                "UPDATE \"" + table + "\" SET memo = 'src'");
        addMemoAtTheSource();

        CliRun verify = verify(config(entry("\"mode\": \"full\"")));
        assertFalse((verify.out + verify.err).contains("added by hand"), verify::toString);
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A column added by hand under the name of a column the configuration excludes is the user's, left
     * alone as the README says: it was dropped with its values as if replicate had stored it. Where no record
     * tells whose it is, the table fails naming it, its values kept.
     */
    @Test
    void aColumnAddedByHandUnderAnExcludedNameIsKept() throws Exception {
        for (boolean withKey : List.of(true, false)) {
            db.execute("DROP TABLE IF EXISTS " + q(table));
            java.nio.file.Files.deleteIfExists(replicaPath());
            createItems(withKey);
            db.execute("ALTER TABLE " + q(table) + " ADD COLUMN secret VARCHAR(10)");
            insert(1, "2024-01-01 10:00:00", "a");
            Path config = config(tableBlock("\"excludeColumns\": [\"secret\"]"));
            runOk(config);
            ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN secret TEXT",
                    "UPDATE \"" + table + "\" SET secret = 'mine'");
            runOk(config);
            assertEquals(List.of(List.of("mine")), ReplicaReader.query(replicaPath(),
                    "SELECT secret FROM \"" + table + "\""), "with key: " + withKey);
        }
        // A keyed table in a file without the record (an earlier release's).
        db.execute("DROP TABLE IF EXISTS " + q(table));
        java.nio.file.Files.deleteIfExists(replicaPath());
        createItems(true);
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN secret VARCHAR(10)");
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock("\"excludeColumns\": [\"secret\"]"));
        runOk(config);
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN secret TEXT",
                "UPDATE \"" + table + "\" SET secret = 'mine'", "UPDATE _replicate_watermarks SET own_columns = NULL");
        CliRun failed = run(config);
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("secret") && failed.err.contains("DROP COLUMN"), failed::toString);
        assertEquals(List.of(List.of("mine")), ReplicaReader.query(replicaPath(), "SELECT secret FROM \"" + table + "\""));
    }

    /** A column the user adds to the SQLite table by hand, with values of their own ('mine'). */
    private void addMemoByHand() throws Exception {
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN memo TEXT",
                "UPDATE \"" + table + "\" SET memo = 'mine'");
    }

    /** The same column added at the source ('src' in every row). */
    private void addMemoAtTheSource() {
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN memo VARCHAR(10) DEFAULT 'src'");
    }

    /** What a run of a release that keeps no record of its columns leaves: another last_run_ts. */
    private void anotherReleaseRan() throws Exception {
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET last_run_ts = '2024-06-01T00:00:00Z'");
    }
}
