package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared scenarios on PostgreSQL, and those of columns whose names differ only in a capital outside A-Z
 * ("café" and "CAFÉ"): two columns to PostgreSQL's quoted names and to SQLite, whose names ignore the case
 * of A-Z only. MariaDB cannot have such a pair (its column names ignore case and accents), so these run here.
 */
class PostgresSourceChangeTest extends SourceChangeBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    /** The test's table with "café" and "CAFÉ" beside id and updated_at; with a key or without. */
    private void createAccented(boolean withKey, boolean withCapital) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL" + (withKey ? " PRIMARY KEY" : "")
                + ", updated_at " + db.timestampType() + " NULL, \"café\" TEXT"
                + (withCapital ? ", \"CAFÉ\" TEXT" : "") + ")");
    }

    /**
     * A table of its own (the test's name, _k with a key, _n without) with both columns and two rows, synced
     * once; its configuration.
     */
    private Path syncedWithBoth(boolean withKey) {
        table = table + (withKey ? "_k" : "_n");
        createAccented(withKey, true);
        insertAccented(1, "2024-01-01 10:00:00");
        insertAccented(2, "2024-01-01 11:00:00");
        Path config = config(tableBlock(withKey ? "" : "\"primaryKey\": []"));
        runOk(config);
        return config;
    }

    private void insertAccented(long id, String timestamp) {
        db.execute("INSERT INTO " + q(table) + " (id, updated_at, \"café\", \"CAFÉ\") VALUES (" + id + ", "
                + db.timestampLiteral(timestamp) + ", 'lower " + id + "', 'UPPER " + id + "')");
    }

    private void touch(long id, String timestamp, String lower, String upper) {
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral(timestamp) + ", \"café\" = '"
                + lower + "', \"CAFÉ\" = '" + upper + "' WHERE id = " + id);
    }

    private List<List<Object>> replicaAccented() {
        return ReplicaReader.query(replicaPath(), "SELECT id, \"café\", \"CAFÉ\" FROM \"" + table + "\" ORDER BY id");
    }

    private List<List<Object>> sourceAccented() {
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> row : db.query("SELECT id, \"café\", \"CAFÉ\" FROM " + q(table) + " ORDER BY id")) {
            rows.add(java.util.Arrays.asList(Long.parseLong(row.get(0)), row.get(1), row.get(2)));
        }
        return rows;
    }

    private List<List<Object>> sqliteColumns() {
        return ReplicaReader.query(replicaPath(), "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
    }

    private void assertVerifies(Path config) {
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A table with both columns, run after run: the first run made the SQLite table with both, but each later
     * one took them for one column (Java's lower case folds É), and wrote café's new values into CAFÉ, café's
     * left as they were.
     */
    @Test
    void twoColumnsDifferingOnlyInACapitalOutsideAToZStayTwoRunAfterRun() {
        for (boolean withKey : List.of(true, false)) {
            Path config = syncedWithBoth(withKey);
            if (withKey) {
                touch(2, "2024-01-01 12:00:00", "lower 2b", "UPPER 2b");
            } else {
                insertAccented(3, "2024-01-01 12:00:00"); // appended: without a key, a row changed is one more
            }
            runOk(config);
            assertEquals(List.of(List.of("id"), List.of("updated_at"), List.of("café"), List.of("CAFÉ")),
                    sqliteColumns().subList(0, 4), "with key: " + withKey);
            assertEquals(sourceAccented(), replicaAccented(), "with key: " + withKey);
            assertVerifies(config);
        }
    }

    /**
     * "CAFÉ" added at the source after "café" was replicated: added to the SQLite table beside it, not taken
     * for it (its values were written into café, and the SQLite table never had it).
     */
    @Test
    void aColumnAddedThatDiffersOnlyInACapitalOutsideAToZIsAddedBesideTheOther() {
        createAccented(true, false);
        db.execute("INSERT INTO " + q(table) + " (id, updated_at, \"café\") VALUES (1, "
                + db.timestampLiteral("2024-01-01 10:00:00") + ", 'lower 1'), (2, "
                + db.timestampLiteral("2024-01-01 11:00:00") + ", 'lower 2')");
        Path config = config(tableBlock(""));
        runOk(config);
        db.execute("ALTER TABLE " + q(table) + " ADD COLUMN \"CAFÉ\" TEXT DEFAULT 'UPPER'");
        touch(2, "2024-01-01 12:00:00", "lower 2b", "UPPER 2b");
        CliRun second = runOk(config);
        assertEquals(List.of(List.of("id"), List.of("updated_at"), List.of("café"), List.of("CAFÉ")), sqliteColumns());
        // Row 1 was not read again: the column added is NULL there until a reset, and café keeps its value.
        assertEquals(List.of(java.util.Arrays.asList(1L, "lower 1", null), List.of(2L, "lower 2b", "UPPER 2b")),
                replicaAccented());
        assertTrue(lastNotes().contains("column CAFÉ (text) is new at the source"), second::toString);
    }

    /**
     * "CAFÉ" excluded: the SQLite table holds café alone. Each later run took the excluded CAFÉ for café, and
     * dropped café, values and all, then added it again empty for the rows read from then on.
     */
    @Test
    void excludingOneOfTwoColumnsDifferingOnlyInACapitalOutsideAToZKeepsTheOther() {
        createAccented(true, true);
        insertAccented(1, "2024-01-01 10:00:00");
        insertAccented(2, "2024-01-01 11:00:00");
        Path config = config(tableBlock("\"excludeColumns\": [\"CAFÉ\"]"));
        runOk(config);
        touch(2, "2024-01-01 12:00:00", "lower 2b", "UPPER 2b");
        runOk(config);
        assertEquals(List.of(List.of("id"), List.of("updated_at"), List.of("café")), sqliteColumns());
        assertEquals(List.of(List.of(1L, "lower 1"), List.of(2L, "lower 2b")), ReplicaReader.query(replicaPath(),
                "SELECT id, \"café\" FROM \"" + table + "\" ORDER BY id"));
        assertFalse(lastNotes().contains("excluded now"), lastNotes());
    }

    /**
     * An index on each: two indexes, each on its own column. The configuration refused them as the same
     * columns, and the plan found café for "CAFÉ" (the first column equal to it ignoring case as Java does).
     */
    @Test
    void indexesOnColumnsDifferingOnlyInACapitalOutsideAToZAreEachOnItsOwnColumn() {
        createAccented(true, true);
        insertAccented(1, "2024-01-01 10:00:00");
        runOk(config(tableBlock("\"indexes\": [[\"CAFÉ\"], {\"columns\": [\"café\"], \"unique\": true}]")));
        assertEquals(List.of(List.of("CAFÉ", 0L), List.of("café", 1L)), ReplicaReader.query(replicaPath(),
                "SELECT i.name, l.\"unique\" FROM pragma_index_list('" + table + "') AS l,"
                        + " pragma_index_info(l.name) AS i WHERE l.name LIKE 'rx_%' ORDER BY l.\"unique\""));
    }

    /**
     * A file the release before SQLite's way of comparing names wrote: its record of the columns replicate made
     * holds them lower-cased as Java does ("café" for CAFÉ; one line for café and CAFÉ). Read by this build,
     * each such name stands for every column it was lower-cased from: no column is taken for one added by hand
     * (the table refused), none lost or written twice, and the table is not synced again.
     */
    @Test
    void aRecordOfTheColumnsMadeThatAnEarlierReleaseLowerCasedIsReadAsItMeantIt() throws Exception {
        for (boolean both : List.of(false, true)) {
            table = table + (both ? "_both" : "_one");
            db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at "
                    + db.timestampType() + " NULL, \"CAFÉ\" TEXT" + (both ? ", \"café\" TEXT" : "") + ")");
            db.execute("INSERT INTO " + q(table) + " (id, updated_at, \"CAFÉ\") VALUES (1, "
                    + db.timestampLiteral("2024-01-01 10:00:00") + ", 'UPPER 1'), (2, "
                    + db.timestampLiteral("2024-01-01 11:00:00") + ", 'UPPER 2')");
            Path config = config(tableBlock(""));
            runOk(config);
            // As the earlier release recorded the table it made: Java's lower case, one line a lower-cased name.
            ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = '+id' || char(10)"
                    + " || '+updated_at' || char(10) || '+café', other_columns = NULL");
            db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 12:00:00")
                    + ", \"CAFÉ\" = 'UPPER 2b' WHERE id = 2");
            CliRun next = runOk(config);
            assertEquals(List.of(List.of(1L, "UPPER 1"), List.of(2L, "UPPER 2b")), ReplicaReader.query(replicaPath(),
                    "SELECT id, \"CAFÉ\" FROM \"" + table + "\" ORDER BY id"), "both: " + both);
            assertEquals(both ? 4 : 3, sqliteColumns().size(), "both: " + both);
            assertEquals(1L, lastLog().get(0), "only the row changed is read: " + next);
            assertVerifies(config);
        }
    }

    /** As an earlier release recorded the test's table it made from id, updated_at and café (Java's lower case). */
    private void recordAsAnEarlierRelease() throws Exception {
        ReplicaReader.edit(replicaPath(), "UPDATE _replicate_watermarks SET own_columns = '+id' || char(10)"
                + " || '+updated_at' || char(10) || '+café', other_columns = NULL");
    }

    /**
     * "CAFÉ" added by hand to the SQLite table beside the source's café, in a file an earlier release ran: that
     * release took the two for one column (Java's lower case folds É), so its record of the columns it made says
     * café alone, as it would for both. CAFÉ is not the source's, so it is the user's: it keeps its values, run
     * after run, with a key or without. Read as replicate's, it was gone from the source: set to NULL in every
     * row read again, and a table without a key was dropped and synced again without it, values and all.
     */
    @Test
    void aColumnAddedByHandThatAnEarlierReleasesRecordNamedAsTheSourcesKeepsItsValues() throws Exception {
        for (boolean withKey : List.of(true, false)) {
            table = table + (withKey ? "_k" : "_n");
            createAccented(withKey, false);
            db.execute("INSERT INTO " + q(table) + " (id, updated_at, \"café\") VALUES (1, "
                    + db.timestampLiteral("2024-01-01 10:00:00") + ", 'lower 1'), (2, "
                    + db.timestampLiteral("2024-01-01 11:00:00") + ", 'lower 2')");
            Path config = config(tableBlock(withKey ? "" : "\"primaryKey\": []"));
            runOk(config);
            ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN \"CAFÉ\" TEXT",
                    "UPDATE \"" + table + "\" SET \"CAFÉ\" = 'mine ' || id");
            recordAsAnEarlierRelease();
            List<List<Object>> expected = new ArrayList<>(List.of(List.of(1L, "lower 1", "mine 1"),
                    List.of(2L, "lower 2", "mine 2")));
            // The first run reads the earlier release's record; the second, the one the first wrote.
            for (int round = 1; round <= 2; round++) {
                String at = db.timestampLiteral("2024-01-01 1" + (1 + round) + ":00:00");
                if (withKey) {
                    db.execute("UPDATE " + q(table) + " SET updated_at = " + at + ", \"café\" = 'lower 2."
                            + round + "' WHERE id = 2");
                    expected.set(1, List.of(2L, "lower 2." + round, "mine 2"));
                } else {
                    db.execute("INSERT INTO " + q(table) + " (id, updated_at, \"café\") VALUES (" + (2 + round)
                            + ", " + at + ", 'lower " + (2 + round) + "')");
                    expected.add(java.util.Arrays.asList((long) (2 + round), "lower " + (2 + round), null));
                }
                CliRun next = runOk(config);
                String where = "with key: " + withKey + ", run " + round + ": " + next;
                assertEquals(List.of(List.of("id"), List.of("updated_at"), List.of("café")),
                        sqliteColumns().subList(0, 3), where);
                assertTrue(sqliteColumns().contains(List.of("CAFÉ")), where);
                assertEquals(expected, replicaAccented(), where);
                assertFalse(lastNotes().contains("no longer at the source"), where);
                assertFalse(lastNotes().contains("dropped"), where);
            }
            assertVerifies(config);
        }
    }

    /**
     * As above, and café excluded at that first run: café, the source's, is dropped with its values (the
     * exclusion must remove them); CAFÉ, the user's, keeps its own.
     */
    @Test
    void excludingTheSourcesColumnBesideOneAddedByHandThatAnEarlierReleasesRecordNamedAlikeDropsItAlone()
            throws Exception {
        createAccented(true, false);
        db.execute("INSERT INTO " + q(table) + " (id, updated_at, \"café\") VALUES (1, "
                + db.timestampLiteral("2024-01-01 10:00:00") + ", 'lower 1'), (2, "
                + db.timestampLiteral("2024-01-01 11:00:00") + ", 'lower 2')");
        runOk(config(tableBlock("")));
        ReplicaReader.edit(replicaPath(), "ALTER TABLE \"" + table + "\" ADD COLUMN \"CAFÉ\" TEXT",
                "UPDATE \"" + table + "\" SET \"CAFÉ\" = 'mine ' || id");
        recordAsAnEarlierRelease();
        db.execute("UPDATE " + q(table) + " SET updated_at = " + db.timestampLiteral("2024-01-01 12:00:00")
                + " WHERE id = 2");
        CliRun next = runOk(config(tableBlock("\"excludeColumns\": [\"café\"]")));
        assertEquals(List.of(List.of("id"), List.of("updated_at"), List.of("CAFÉ")), sqliteColumns(), next::toString);
        assertEquals(List.of(List.of(1L, "mine 1"), List.of(2L, "mine 2")), ReplicaReader.query(replicaPath(),
                "SELECT id, \"CAFÉ\" FROM \"" + table + "\" ORDER BY id"));
        assertTrue(lastNotes().contains("column café is excluded now; dropped"), lastNotes());
    }

    /**
     * Both columns at the source, the SQLite table made with both by an earlier release, whose record says café
     * alone: both are replicate's, with a key or without. Neither is refused as one added by hand, nor gone.
     */
    @Test
    void bothColumnsThatAnEarlierReleasesRecordNamedAsOneStayReplicatesWithAKeyOrWithout() throws Exception {
        for (boolean withKey : List.of(true, false)) {
            Path config = syncedWithBoth(withKey);
            recordAsAnEarlierRelease();
            for (int round = 1; round <= 2; round++) {
                String at = "2024-01-01 1" + (1 + round) + ":00:00";
                if (withKey) {
                    touch(2, at, "lower 2." + round, "UPPER 2." + round);
                } else {
                    insertAccented(2 + round, at);
                }
                CliRun next = runOk(config);
                String where = "with key: " + withKey + ", run " + round + ": " + next;
                assertEquals(List.of(List.of("id"), List.of("updated_at"), List.of("café"), List.of("CAFÉ")),
                        sqliteColumns().subList(0, 4), where);
                assertEquals(sourceAccented(), replicaAccented(), where);
                assertFalse(lastNotes().contains("no longer at the source"), where);
                assertFalse(lastNotes().contains("dropped"), where);
            }
            assertVerifies(config);
        }
    }

    private List<Object> lastLog() {
        return ReplicaReader.query(replicaPath(),
                "SELECT rows_pulled, ok, error, notes FROM _replicate_log ORDER BY id DESC LIMIT 1").get(0);
    }

    private String lastNotes() {
        return String.valueOf(lastLog().get(3));
    }
}
