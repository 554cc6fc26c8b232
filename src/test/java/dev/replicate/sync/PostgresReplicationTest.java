package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresReplicationTest extends ReplicationBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    /**
     * A parent table's primary key does not cover its inheritance children, whose rows a SELECT on the
     * parent returns too: the same key can come twice, so its first sync is not read in key order
     * (which would meet the repeated key and fall back, with a note) but in watermark order from the
     * start, as before.
     */
    @Test
    void aTableWithInheritanceChildrenIsNotReadInKeyOrder() {
        createItems(true);
        db.execute("CREATE TABLE " + q(table + "_child") + " () INHERITS (" + q(table) + ")");
        insert(1, "2024-01-01 10:00:00", "in the parent");
        db.execute("INSERT INTO " + q(table + "_child") + " (id, updated_at, name) VALUES (1, "
                + db.timestampLiteral("2024-01-01 11:00:00") + ", 'in the child, same key, newer')");
        // Both copies of key 1 lie below the newest watermark (key 3's), where a snapshot would read them.
        insert(3, "2024-01-01 12:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEquals(List.of(List.of(1L, "in the child, same key, newer"), List.of(3L, "newest")), replicaRows());
        assertEquals("2024-01-01T12:00", storedWatermark());
        assertEquals(null, log().get(0).get(4), "no fallback note: it never tried key order");
        db.execute("DROP TABLE " + q(table + "_child"));
    }

    /**
     * Two columns whose names differ only in case ("Name" and name) are two columns to PostgreSQL and
     * one to SQLite, whose names ignore case: both validate-config --connect and run say so, naming
     * both columns and the table, instead of passing the first and failing the second with SQLite's
     * raw "duplicate column name". (MySQL's column names ignore case too, so it cannot have both.)
     */
    @Test
    void columnsWhoseNamesDifferOnlyInCaseAreRefusedByNameBeforeSqliteSeesThem() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + ", \"Name\" text, name text)");
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        String expected = "the columns Name and name of public." + table + " differ only in case";

        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue(check.err.contains(expected), check.err);

        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains(expected), result.err);
        assertFalse(result.err.contains("duplicate column"), result.err);
    }
}
