package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.TableMode;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stop's record says of a full table's SQLite table when the file cannot tell whether it is there:
 * the failed check dropped the whole record (the hook's catch), where before the check was made the record
 * was written all the same. Now the record is written, in words true of either case.
 */
class StopRecorderTest {
    @TempDir
    Path dir;

    @Test
    void aFailedCheckOfTheSqliteTableLeavesItUnknownInWordsForEitherCase() throws Exception {
        Replica replica = Replica.openForWriting(dir.resolve("replica.db"));
        replica.close(); // every statement on it fails from now on
        assertEquals(StopRecorder.SqliteTable.UNKNOWN, StopRecorder.sqliteTable(replica, "orders"));

        String words = StopRecorder.interrupted(TableMode.FULL, StopRecorder.SqliteTable.UNKNOWN);
        assertTrue(words.contains("copies it again from the start") && !words.contains("there is no SQLite table yet")
                && !words.contains("the SQLite table keeps its last whole copy"), words);
    }

    /**
     * A stop keeps a success only if this run committed it (a full table's swap): a success an earlier run
     * recorded at a later time, as after the clock stepped back (an NTP step, a resumed VM), is not this run's,
     * and taking it for one left the stop unrecorded.
     */
    @Test
    void onlyThisRunsSuccessIsTakenForTheTableBeingDone() throws Exception {
        TableId id = new TableId("main", "orders", "orders");
        Instant started = Instant.parse("2026-12-07T02:00:00.123456Z");
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            StateStore state = new StateStore(replica);
            state.open(id, "updated_at");
            state.recordOutcome(id, "updated_at", started.plus(Duration.ofHours(1)), true, null, 5, 0, 0, Optional.empty());
            replica.commit();
            assertFalse(StopRecorder.doneSince(StopRecorder.stateOf(replica, id), started).isPresent(),
                    "a success recorded by an earlier run at a later clock is not this run's");

            state.recordOutcome(id, "updated_at", started, true, null, 5, 0, 0, Optional.empty());
            replica.commit();
            assertTrue(StopRecorder.doneSince(StopRecorder.stateOf(replica, id), started).isPresent(), "this run's own success");
        }
    }
}
