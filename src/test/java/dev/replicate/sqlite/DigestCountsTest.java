package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The digest table's growth at its largest size, driven with a small largest size: the real one (2^30
 * slots) takes some 17 GiB to reach. Doubling past it overflowed the int length (NegativeArraySizeException,
 * an internal error); a table kept from growing and let fill would look for an empty slot for ever.
 */
class DigestCountsTest {
    /** A digest's halves, spread as SHA-256's are (the low half is the table's hash). */
    private static long low(long n) {
        return n * 0x9E3779B97F4A7C15L;
    }

    @Test
    void theRealLargestSizeIsTheLargestPowerOfTwoAnArrayHolds() {
        assertEquals(1 << 30, DigestCounts.MOST_SLOTS);
        assertTrue(DigestCounts.MOST_SLOTS * 2 < 0, "one doubling more overflows an int");
        assertEquals(939_524_096L, new DigestCounts().capacity());
    }

    @Test
    void atItsLargestSizeItFillsToSevenEighthsCountingRightThenFailsSayingWhy() {
        DigestCounts counts = new DigestCounts(64);
        assertEquals(56, counts.capacity());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (long n = 0; n < 56; n++) {
                assertEquals(1, counts.add(n, low(n)), "digest " + n + " is new");
            }
            // Every digest is still found, its repeats counted, at the largest size and seven eighths full.
            for (long n = 0; n < 56; n++) {
                assertEquals(2, counts.add(n, low(n)), "digest " + n + " is counted again");
            }
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> counts.add(99, low(99)));
            assertTrue(full.getMessage().contains("more than 56 different rows share one watermark value")
                    && full.getMessage().contains("primary key"), full.getMessage());
            assertEquals(3, counts.add(7, low(7)), "a digest it holds is still counted");
            counts.clear();
            assertEquals(1, counts.add(99, low(99)), "the next watermark value starts empty");
        });
    }
}
