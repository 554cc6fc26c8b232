package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The run's wait for a write lock SQLite refused it at once (a transaction that had read first). */
class WriteLockWaitTest {
    @TempDir
    Path dir;

    private static SQLiteException refusal() {
        return new SQLiteException("[SQLITE_BUSY] database is locked", SQLiteErrorCode.SQLITE_BUSY);
    }

    @Test
    void aLockHeldPastTheWaitFailsWithTheRefusalAttached() throws Exception {
        Path file = dir.resolve("replica.db");
        try (Replica replica = Replica.openForWriting(file);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            SQLiteException refused = refusal();
            SQLException timedOut = assertThrows(SQLException.class,
                    () -> new WriteLockWait(replica, 200).awaited(refused));
            assertTrue(Replica.isLockRefused(timedOut), timedOut::toString);
            assertEquals(java.util.List.of(refused), java.util.List.of(timedOut.getSuppressed()));
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void aFileRemovedDuringTheWaitIsNotMadeAgainEmpty() throws Exception {
        Path file = dir.resolve("replica.db");
        try (Replica replica = Replica.openForWriting(file)) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(dir.resolve("replica.db" + suffix));
            }
            assertThrows(ReplicaException.class, () -> new WriteLockWait(replica, 200).awaited(refusal()));
            assertFalse(Files.exists(file), "no empty file in its place");
        }
    }

    @Test
    void anotherFailureIsNotWaitedFor() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            assertFalse(new WriteLockWait(replica, 200).awaited(
                    new SQLiteException("disk full", SQLiteErrorCode.SQLITE_FULL)));
        }
    }

    @Test
    void aRefusedTryIsResetThenRunAgainAndAnotherFailureEndsItAsItCame() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            java.util.List<String> steps = new java.util.ArrayList<>();
            WriteLockWait.run(replica, () -> {
                steps.add("try");
                if (steps.size() == 1) {
                    throw refusal();
                }
            }, () -> steps.add("again"));
            assertEquals(java.util.List.of("try", "again", "try"), steps);

            steps.clear();
            java.io.IOException other = new java.io.IOException("the source stopped answering");
            assertEquals(other, assertThrows(java.io.IOException.class, () -> WriteLockWait.run(replica, () -> {
                steps.add("try");
                throw other;
            }, () -> steps.add("again"))));
            assertEquals(java.util.List.of("try"), steps);
        }
    }
}
