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

    /** JDK 17's words for a value past Java's array limit name that limit, not memory outside the heap. */
    @Test
    void theArrayLimitIsNamedInAllItsWords() {
        for (String message : new String[] {"Requested array size exceeds VM limit",
                "Required array length 2147483639 + 9 is too large", "UTF16 String size is 1073741824, should be less"
                + " than 1073741823", "Overflow: String length out of range"}) {
            String text = OutOfMemory.explained(new OutOfMemoryError(message));
            assertTrue(text.contains("about 2 GiB") && !text.contains("outside the Java heap"), text);
        }
    }

    @Test
    void directBufferMemoryIsNamedInJdk17sWords() {
        for (String message : new String[] {"Direct buffer memory", "Cannot reserve 1048576 bytes of direct buffer"
                + " memory (allocated: 1000, limit: 1048576)"}) {
            String text = OutOfMemory.explained(new OutOfMemoryError(message));
            assertTrue(text.contains("MaxDirectMemorySize"), text);
        }
    }

    /** A message not known here claims no cause it may not have. */
    @Test
    void anUnknownMessageIsNamedNeutrally() {
        String text = OutOfMemory.explained(new OutOfMemoryError("something new"));
        assertTrue(text.startsWith("ran out of memory (something new)"), text);
        assertFalse(text.contains("outside the Java heap is used up") || text.contains("-Xmx"), text);
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
