package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** How the replica's connection is set up. */
class ReplicaConnectionTest {
    @TempDir
    Path dir;

    /**
     * sqlite-jdbc would follow every INSERT with a {@code SELECT last_insert_rowid()} of its own for
     * getGeneratedKeys, which nothing here calls: a statement more for every row a run records.
     */
    @Test
    void theWritingConnectionAsksForNoGeneratedKeys() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            assertFalse(replica.connection().unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys());
        }
    }
}
