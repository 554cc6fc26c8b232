package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared replication scenarios against MySQL or MariaDB. */
class MysqlReplicationTest extends ReplicationBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }

    /**
     * A date with a zero day (2024-06-00, which a server without NO_ZERO_IN_DATE keeps) as the newest
     * watermark: the first sync notes it as its boundary, so reading it must not fail the table (the
     * driver's own date parsing does); it sorts as the day before the month, 2024-05-31.
     */
    @Test
    void aZeroDayAsTheNewestWatermarkDoesNotStopTheFirstSync() {
        createItems(true);
        db.execute("SET SESSION sql_mode = ''",
                "INSERT INTO " + q(table) + " (id, updated_at, name) VALUES (1, '2024-05-01 10:00:00', 'a real date'),"
                        + " (2, '2024-06-00 10:00:00', 'a zero day')");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEquals(List.of(List.of(1L, "a real date"), List.of(2L, "a zero day")), replicaRows());
        assertEquals(Arrays.asList(2L, null), ReplicaReader.query(replicaPath(),
                "SELECT id, updated_at FROM \"" + table + "\" WHERE id = 2").get(0), "not a date: NULL, with a note");
    }
}
