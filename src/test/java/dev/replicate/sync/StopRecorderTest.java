package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.TableMode;
import dev.replicate.sqlite.Replica;
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
}
