package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a table's failure says when SQLite refuses to drop an excluded column for a generated column of the
 * user's: which generated column (SQLite does not say, when there are several), whether a reset is a way on,
 * and SQLite's refusal kept when the file cannot be read for the rest.
 */
class ColumnDropRefusalTest {
    @TempDir
    Path dir;

    /**
     * SQLite names the table, not which generated column needs the column: with two, the message said both
     * were computed from it, and offered a reset that refuses a table with the user's index.
     */
    @Test
    void ofSeveralGeneratedColumnsOneIsSaidToUseTheColumnAndAResetOnlyWhereItFits() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            edit(replica, "CREATE TABLE items (id INTEGER PRIMARY KEY, secret TEXT, name TEXT,"
                    + " hint TEXT AS (substr(secret, 1, 1)), shout TEXT AS (upper(name)))");
            String said = refusal(replica).getMessage();
            assertTrue(said.contains("error in table items after drop column"), said);
            assertTrue(said.contains("one of the 2 generated columns hint, shout of items, not replicate's, is computed"
                    + " from it (SQLite does not say which"), said);
            assertTrue(said.contains("replicate reset items"), "nothing of the user's refuses a reset: " + said);

            edit(replica, "CREATE INDEX items_by_name ON items (name)");
            said = refusal(replica).getMessage();
            assertFalse(said.contains("replicate reset"), "a reset refuses the user's index: " + said);

            edit(replica, "DROP INDEX items_by_name", "CREATE VIEW named AS SELECT id, name FROM items");
            said = refusal(replica).getMessage();
            assertFalse(said.contains("replicate reset"), "a view naming the table: " + said);

            edit(replica, "DROP VIEW named", "ALTER TABLE items DROP COLUMN shout");
            said = refusal(replica).getMessage();
            assertTrue(said.contains("the generated column hint of items, not replicate's, is computed from it. Drop it"),
                    said);
        }
    }

    /**
     * The read of the table's generated columns failing (here: the connection closed) replaced SQLite's refusal
     * with its own "database connection closed". The refusal stands, with the general way on (no reset:
     * what uses the column is not known), and the read's failure is kept with it.
     */
    @Test
    void aFailedReadOfTheGeneratedColumnsLeavesSqlitesRefusal() throws Exception {
        Replica replica = Replica.openForWriting(dir.resolve("replica.db"));
        SQLException refused;
        try {
            edit(replica, "CREATE TABLE items (id INTEGER PRIMARY KEY, secret TEXT, hint TEXT AS (substr(secret, 1, 1)))");
            refused = dropSecret(replica);
        } finally {
            replica.close();
        }
        SchemaConflictException failure = ColumnDropRefusal.of(replica, "items", "secret", refused);
        assertTrue(failure.getMessage().contains("error in table items after drop column"), failure.getMessage());
        assertTrue(failure.getMessage().contains("drop or change the index, view, trigger or generated column of yours"
                + " that uses it"), failure.getMessage());
        assertFalse(failure.getMessage().contains("replicate reset"), failure.getMessage());
        assertEquals(1, failure.getSuppressed().length, "the read's failure kept");
    }

    private static SchemaConflictException refusal(Replica replica) throws Exception {
        SchemaConflictException failure = ColumnDropRefusal.of(replica, "items", "secret", dropSecret(replica));
        replica.rollbackQuietly();
        assertEquals(0, failure.getSuppressed().length);
        return failure;
    }

    private static SQLException dropSecret(Replica replica) throws Exception {
        try (Statement statement = replica.connection().createStatement()) {
            return assertThrows(SQLException.class, () -> statement.execute("ALTER TABLE items DROP COLUMN secret"));
        }
    }

    private static void edit(Replica replica, String... statements) throws Exception {
        try (Statement statement = replica.connection().createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        replica.commit();
    }
}
