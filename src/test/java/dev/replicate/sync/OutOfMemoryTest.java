package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Only a heap that filled up is helped by a larger heap: out of threads, of Metaspace or of array
 * length, the advice to raise -Xmx would send a user the wrong way.
 */
class OutOfMemoryTest {
    @Test
    void aFullHeapIsToldToGrow() {
        for (String message : new String[] {"Java heap space", "GC overhead limit exceeded"}) {
            String text = OutOfMemory.explained(new OutOfMemoryError(message));
            assertTrue(text.startsWith("ran out of memory (" + message + ") in the Java heap of ")
                    && text.contains("JAVA_OPTS=-Xmx"), text);
        }
    }

    @Test
    void otherMemoryIsNamedWithoutHeapAdvice() {
        for (String message : new String[] {"unable to create native thread: possibly out of memory or process/resource"
                + " limits reached", "Metaspace", "Requested array size exceeds VM limit", "Direct buffer memory"}) {
            String text = OutOfMemory.explained(new OutOfMemoryError(message));
            assertTrue(text.startsWith("ran out of memory (" + message + ")"), text);
            assertFalse(text.contains("-Xmx") || text.contains("larger heap"), text);
        }
        String thread = OutOfMemory.explained(new OutOfMemoryError("unable to create native thread: possibly out of"
                + " memory or process/resource limits reached"));
        assertTrue(thread.contains("thread"), thread);
    }

    /** PostgreSQL's driver wraps the error in "Ran out of memory retrieving query results." (SQLSTATE 53200). */
    @Test
    void theErrorADriverWrappedIsFoundAndTheServersOwnIsNot() {
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        assertTrue(OutOfMemory.cause(new java.sql.SQLException("Ran out of memory retrieving query results.", "53200",
                heap)).orElseThrow() == heap);
        assertTrue(OutOfMemory.cause(new java.sql.SQLException("ERROR: out of memory", "53200")).isEmpty());
    }
}
