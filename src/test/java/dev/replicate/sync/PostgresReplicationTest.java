package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
     * (which would fail the table for good on the repeated key) but in watermark order, as before.
     */
    @Test
    void aTableWithInheritanceChildrenIsNotReadInKeyOrder() {
        createItems(true);
        db.execute("CREATE TABLE " + q(table + "_child") + " () INHERITS (" + q(table) + ")");
        insert(1, "2024-01-01 10:00:00", "in the parent");
        db.execute("INSERT INTO " + q(table + "_child") + " (id, updated_at, name) VALUES (1, "
                + db.timestampLiteral("2024-01-01 11:00:00") + ", 'in the child, same key, newer')");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEquals(List.of(List.of(1L, "in the child, same key, newer")), replicaRows());
        assertEquals("2024-01-01T11:00", storedWatermark());
        db.execute("DROP TABLE " + q(table + "_child"));
    }
}
