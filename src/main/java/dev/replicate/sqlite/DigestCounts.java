package dev.replicate.sqlite;

import java.util.HashMap;
import java.util.Map;

/**
 * How many times each 16-byte digest was counted since the last {@link #clear}, in 17 bytes a slot
 * (an open-addressed table of its two halves and a flag, kept between three eighths and three quarters
 * full: some 23 to 45 bytes a digest, and up to 68 while it doubles, old and new table at once) rather than the some 110 bytes of a map of hex texts to
 * counts. {@link RowKeys} counts every row of a watermark value at once, and a table without a key
 * loaded in one transaction stamps millions of rows with one value: such a map ran a heap of 256 MiB
 * out at 3 million rows. Digests counted more than once (identical rows, rare) keep their count in a
 * map beside it.
 */
final class DigestCounts {
    private static final int INITIAL = 16;
    /**
     * The most slots: the largest power of two an array may hold. Doubling past it overflowed the int
     * length (2^31 is negative), failing with NegativeArraySizeException after some 805 million digests;
     * and a table let fill up would look for an empty slot for ever. So the last table fills to seven
     * eighths, and a digest past that fails the read saying why (some 940 million rows of one watermark
     * value: 17 GiB of table, a heap few are given).
     */
    static final int MOST_SLOTS = 1 << 30;

    private final int mostSlots;

    private long[] highs = new long[INITIAL];
    private long[] lows = new long[INITIAL];
    /** Whether a slot holds a digest: a digest may be all zeros, so no value of its halves can mark one empty. */
    private boolean[] used = new boolean[INITIAL];
    private int size;
    private final Map<Digest, Integer> repeated = new HashMap<>();

    private record Digest(long high, long low) {
    }

    DigestCounts() {
        this(MOST_SLOTS);
    }

    /** @param mostSlots the most slots the table grows to, a power of two (smaller in tests) */
    DigestCounts(int mostSlots) {
        this.mostSlots = mostSlots;
    }

    /** How many different digests it holds at most. */
    long capacity() {
        return mostSlots - mostSlots / 8;
    }

    /** Counts the digest of halves {@code high} and {@code low}; returns its count so far, this one included. */
    int add(long high, long low) {
        int slot = find(high, low);
        if (used[slot]) {
            return repeated.merge(new Digest(high, low), 2, (count, two) -> count + 1);
        }
        if (size >= capacity()) {
            throw new IllegalStateException("more than " + capacity() + " different rows share one watermark value,"
                    + " which is more than replicate can tell apart in memory (a table without a primary key tells its"
                    + " rows apart by their values, per watermark value): give the table a primary key, or a"
                    + " watermark whose values are shared by fewer rows");
        }
        used[slot] = true;
        highs[slot] = high;
        lows[slot] = low;
        if (++size > highs.length / 4 * 3 && highs.length < mostSlots) {
            grow();
        }
        return 1;
    }

    void clear() {
        if (size == 0) {
            return;
        }
        if (highs.length > INITIAL) {
            // A burst of rows at one watermark leaves no table of its size behind it.
            highs = new long[INITIAL];
            lows = new long[INITIAL];
            used = new boolean[INITIAL];
        } else {
            java.util.Arrays.fill(used, false);
        }
        size = 0;
        repeated.clear();
    }

    /** The slot that holds the digest, or the empty one where it goes. Digests are uniform: their low half is the hash. */
    private int find(long high, long low) {
        int mask = highs.length - 1;
        int slot = (int) (low ^ (low >>> 32)) & mask;
        while (used[slot] && (highs[slot] != high || lows[slot] != low)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHighs = highs;
        long[] oldLows = lows;
        boolean[] oldUsed = used;
        highs = new long[oldHighs.length * 2];
        lows = new long[oldHighs.length * 2];
        used = new boolean[oldHighs.length * 2];
        for (int i = 0; i < oldHighs.length; i++) {
            if (oldUsed[i]) {
                int slot = find(oldHighs[i], oldLows[i]);
                used[slot] = true;
                highs[slot] = oldHighs[i];
                lows[slot] = oldLows[i];
            }
        }
    }
}
