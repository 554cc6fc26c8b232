package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.replicate.source.ShortestFloat;
import dev.replicate.testing.EarlierFloats;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Row identities are stored in replicas: their text must not change from one release to the next, and
 * their occurrence numbers count identical rows of one watermark, however many rows that watermark has.
 */
class RowKeysTest {

    @Test
    void anIdentityIsTheDigestOfItsValuesByNameAndItsOccurrence() {
        RowKeys keys = new RowKeys(List.of("a", "b"));
        Object[] row = {"x", new byte[] {0, (byte) 255}};
        // SHA-256 over (length, "a"), 'S', (length, "x"), (length, "b"), 'b', (length, 00 FF): its first 16 bytes.
        assertEquals("28f49853331c9416f3ac211b70be5dfa:1", keys.next(row, null));
        assertEquals("28f49853331c9416f3ac211b70be5dfa:2", keys.next(row.clone(), null));
        assertEquals("28f49853331c9416f3ac211b70be5dfa:1", keys.next(row, 1L), "a new watermark counts anew");
    }

    @Test
    void manyRowsOfOneWatermarkAreCountedApartAndTheirRepeatsInOrder() {
        RowKeys keys = new RowKeys(List.of("v"));
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            String key = keys.next(new Object[] {i}, 7L);
            assertEquals(true, key.endsWith(":1") && seen.add(key), key);
        }
        for (long i = 0; i < 200_000; i += 1000) {
            assertEquals(":2", keys.next(new Object[] {i}, 7L).substring(32));
            assertEquals(":3", keys.next(new Object[] {i}, 7L).substring(32));
        }
        keys.next(new Object[] {0L}, 8L);
        assertEquals(":1", keys.next(new Object[] {5L}, 8L).substring(32), "counts start over at the next watermark");
    }

    /**
     * A single-precision value is digested as the double an earlier release stored for its float: this
     * release's double (the shortest decimal's) and the earlier one give the identity the earlier release gave,
     * so that a row it stored, read again, is not stored twice. A double column's value stays exact.
     */
    @Test
    void aSinglePrecisionValueKeepsTheIdentityAnEarlierReleaseGaveIt() {
        Assumptions.assumeTrue(EarlierFloats.printedLongHere(), "Float.toString is the shortest on this JVM");
        boolean[] single = {false, true};
        for (String text : EarlierFloats.PRINTED_LONG) {
            float f = Float.parseFloat(text);
            double now = ShortestFloat.toDouble(f);
            double earlier = Double.parseDouble(Float.toString(f));
            String given = new RowKeys(List.of("n", "v")).next(new Object[] {1L, earlier}, null);
            assertEquals(given, new RowKeys(List.of("n", "v"), null, single).next(new Object[] {1L, now}, null), text);
            assertEquals(given, new RowKeys(List.of("n", "v"), null, single).next(new Object[] {1L, earlier}, null), text);
            assertNotEquals(given, new RowKeys(List.of("n", "v")).next(new Object[] {1L, now}, null), text);
        }
    }

    /** 7.038531E-26's double narrows to the neighbouring float: its text is still its own float's. */
    @Test
    void aDoubleNarrowingToTheNeighbourKeepsItsOwnFloatsText() {
        double stored = Double.parseDouble("7.038531E-26");
        assertNotEquals(Float.intBitsToFloat(0x15ae43fd), (float) stored);
        assertEquals(Double.toString(Double.parseDouble(Float.toString(Float.intBitsToFloat(0x15ae43fd)))),
                RowKeys.earlierText(stored));
    }
}
