package dev.replicate.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * The rows a read held back behind the clock ({@link ClockLimit}), as much of them as the cursor may later need:
 * the source's clock, asked only once the read is over, may let the cursor on over some of them (a host behind
 * the server), to the last at or before it. Rows come in watermark order, so a tail of ten million rows need not
 * be kept: only the last row in each slot of time after the clock the read was judged by, a second wide for the
 * first hour (a host's clock minutes off the server's), then doubling (a tail stamped years ahead is never
 * passed), a few thousand values at most. The cursor that comes of it is a row's value at or before the clock,
 * at worst a slot short of the last such row: those rows are read again, never lost.
 */
final class HeldTail {
    private static final int SECONDS = 3600;
    private static final int SLOTS = SECONDS + 64;
    /** The clock the read held the rows back at. */
    private final Instant from;
    /** Per slot, the last row's value (an Instant) held in it, and how many rows it holds. */
    private final Object[] last = new Object[SLOTS];
    private final long[] rows = new long[SLOTS];
    private long total;

    HeldTail(Instant from) {
        this.from = from;
    }

    /** A row held back: {@code value}, ahead of the clock, at or after every row added before. */
    void add(Object value) {
        int slot = slot(secondsAhead((Instant) value));
        last[slot] = value;
        rows[slot]++;
        total++;
    }

    /** The rows held back. */
    long rows() {
        return total;
    }

    /** Where the cursor may go given a later clock: a held row's value, and how many rows lie after it. */
    record Cut(Object value, long rowsAfter) {
    }

    /** The last row kept at or before {@code clock}, if any. */
    Optional<Cut> cut(Instant clock) {
        long after = 0;
        for (int slot = SLOTS - 1; slot >= 0; slot--) {
            if (last[slot] != null && !((Instant) last[slot]).isAfter(clock)) {
                return Optional.of(new Cut(last[slot], after));
            }
            after += rows[slot];
        }
        return Optional.empty();
    }

    /**
     * The whole seconds {@code value} is after the clock the rows were held at, rounded down: worked out from the
     * epoch seconds and nanos, as a Duration per held row would cost an object for every row of a tail of millions.
     */
    private long secondsAhead(Instant value) {
        long seconds = value.getEpochSecond() - from.getEpochSecond();
        return value.getNano() < from.getNano() ? seconds - 1 : seconds;
    }

    private static int slot(long ahead) {
        long seconds = Math.max(0, ahead);
        if (seconds < SECONDS) {
            return (int) seconds;
        }
        return SECONDS + 63 - Long.numberOfLeadingZeros(seconds / SECONDS);
    }
}
