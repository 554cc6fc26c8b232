package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * sqlite-jdbc's "Out of memory" is a Java array it could not get, or native memory (malloc) failing:
 * named as either, so no heap is blamed, nor -Xmx advised, for what may be the other.
 */
class StoredRowsTest {
    @Test
    void sqliteJdbcsOutOfMemoryNamesTheHeapAndNativeMemoryAlike() {
        SQLException sqlite = new SQLException("Out of memory");
        OutOfMemoryError error = assertThrows(OutOfMemoryError.class, () -> StoredRows.heapFull(sqlite));
        String message = error.getMessage();
        assertTrue(!message.startsWith("Java heap space") && message.contains("the Java heap")
                && message.contains("native memory"), message);
        assertTrue(error.getCause() == sqlite, message);
        assertDoesNotThrow(() -> StoredRows.heapFull(new SQLException("disk I/O error")));
    }
}
