package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The held-back tail of a read, kept in bounded memory: where the cursor may go once the source's clock is known. */
class HeldTailTest {
    private final Instant from = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theCutIsTheLastRowAtOrBeforeTheClockWithTheRowsAfterIt() {
        HeldTail tail = new HeldTail(from);
        for (int second = 1; second <= 300; second++) {
            tail.add(from.plusSeconds(second));
        }
        for (int i = 0; i < 1_000_000; i++) {
            tail.add(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i));
        }
        assertEquals(1_000_300, tail.rows());
        HeldTail.Cut cut = tail.cut(from.plus(Duration.ofMinutes(3))).orElseThrow();
        assertEquals(from.plusSeconds(180), cut.value());
        assertEquals(1_000_120, cut.rowsAfter());
        assertTrue(tail.cut(from).isEmpty(), "no row at or before the clock the rows were held at");
        assertEquals(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(999_999),
                tail.cut(Instant.parse("2031-01-01T00:00:00Z")).orElseThrow().value());
    }

    /** Past the first hour the slots double: a cut there is a row's value at or before the clock, never after it. */
    @Test
    void aCutFarAheadFallsBackToAnEarlierRowNeverALaterOne() {
        HeldTail tail = new HeldTail(from);
        tail.add(from.plus(Duration.ofHours(3)));
        tail.add(from.plus(Duration.ofHours(3)).plusSeconds(30));
        tail.add(from.plus(Duration.ofHours(20)));
        Instant clock = from.plus(Duration.ofHours(3)).plusSeconds(10);
        assertTrue(tail.cut(clock).map(cut -> !((Instant) cut.value()).isAfter(clock)).orElse(true),
                "within a slot whose last row is after the clock: an earlier slot's row, or none (read again)");
        HeldTail.Cut cut = tail.cut(from.plus(Duration.ofHours(4))).orElseThrow();
        assertEquals(from.plus(Duration.ofHours(3)).plusSeconds(30), cut.value());
        assertEquals(1, cut.rowsAfter());
    }

    /**
     * Review finding: every held row cost a Duration, where a row the cursor passes costs no allocation (PageCopy):
     * a tail of millions of rows ahead made as many objects. Its slot is worked out in epoch seconds instead.
     */
    @Test
    void aHeldRowAllocatesNothing() {
        Instant[] rows = new Instant[200_000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from.plusSeconds(i / 40).plusNanos(i % 40 * 1000L);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int round = 0; round < 20; round++) {
            HeldTail tail = new HeldTail(from.plusNanos(500));
            long before = threads.getThreadAllocatedBytes(thread);
            for (Instant row : rows) {
                tail.add(row);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (round == 19) {
                assertTrue(allocated < 64 * 1024, allocated + " bytes for " + rows.length + " rows held");
            }
        }
    }
}
