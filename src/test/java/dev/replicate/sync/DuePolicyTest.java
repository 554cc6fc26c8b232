package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuePolicyTest {
    private static final Instant LAST = Instant.parse("2026-01-01T10:00:00.400Z");

    @Test
    void aTableThatNeverRanIsDue() {
        assertTrue(DuePolicy.isDue(Optional.empty(), 60, LAST));
    }

    @Test
    void everyMinuteCronRunsASixtySecondTableEveryMinuteDespiteJitter() {
        // cron fired at 10:00:00 and 10:01:00; this JVM happened to start a little earlier the second time
        assertTrue(DuePolicy.isDue(Optional.of(LAST), 60, Instant.parse("2026-01-01T10:00:59.900Z")));
        assertTrue(DuePolicy.isDue(Optional.of(LAST), 60, Instant.parse("2026-01-01T10:00:54.400Z")));
        assertFalse(DuePolicy.isDue(Optional.of(LAST), 60, Instant.parse("2026-01-01T10:00:54.399Z")));
    }

    @Test
    void aLongIntervalIsNotDueEarlyByMoreThanThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), DuePolicy.tolerance(3600));
        assertFalse(DuePolicy.isDue(Optional.of(LAST), 3600, LAST.plusSeconds(3569)));
        assertTrue(DuePolicy.isDue(Optional.of(LAST), 3600, LAST.plusSeconds(3570)));
    }

    @Test
    void aShortIntervalHasAProportionalTolerance() {
        assertEquals(Duration.ofMillis(500), DuePolicy.tolerance(5));
        assertEquals(Optional.of(LAST.plusMillis(4500)), DuePolicy.dueAt(Optional.of(LAST), 5, LAST));
    }

    /**
     * A last run stamped after now: the clock was set back since (NTP stepping back a clock that ran ahead, a VM
     * restored from a snapshot). Found trying the tool as a user: an hourly table so stamped a day ahead was not
     * due for a day and an hour, skipped by every run without a word.
     */
    @Test
    void aTableWhoseLastRunIsStampedAfterNowIsDueNow() {
        Instant clockSetBack = LAST.minus(Duration.ofDays(1));
        assertTrue(DuePolicy.isDue(Optional.of(LAST), 3600, clockSetBack));
        assertEquals(Optional.of(clockSetBack), DuePolicy.dueAt(Optional.of(LAST), 3600, clockSetBack));
        assertTrue(DuePolicy.isDue(Optional.of(LAST), 60, LAST.minusMillis(1)));
        assertFalse(DuePolicy.isDue(Optional.of(LAST), 60, LAST), "stamped at now itself: the interval is to wait");
    }
}
