package dev.replicate.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void rowsAndRateWhenTheTotalIsUnknown() {
        assertEquals("orders: 12,000 rows (4,000 rows/s)",
                ProgressLine.format("orders", 12_000, Duration.ofSeconds(3), OptionalLong.empty()));
    }

    @Test
    void progressAndTimeLeftWhenTheTotalIsKnown() {
        assertEquals("orders: 12,000 of 100,000 rows (12%, 4,000 rows/s, about 22 s left)",
                ProgressLine.format("orders", 12_000, Duration.ofSeconds(3), OptionalLong.of(100_000)));
        assertEquals("orders: 100,000 of 100,000 rows (100%, 50,000 rows/s)",
                ProgressLine.format("orders", 100_000, Duration.ofSeconds(2), OptionalLong.of(100_000)));
    }

    @Test
    void aFirstPageInNoTimeDoesNotDivideByZero() {
        assertEquals("t: 0 rows (0 rows/s)", ProgressLine.format("t", 0, Duration.ZERO, OptionalLong.empty()));
    }

    @Test
    void oneRowIsARow() {
        assertEquals("t: 1 row (1 rows/s)", ProgressLine.format("t", 1, Duration.ofSeconds(1), OptionalLong.empty()));
        assertEquals("t: 1 of 1 row (100%, 1 rows/s)",
                ProgressLine.format("t", 1, Duration.ofSeconds(1), OptionalLong.of(1)));
    }
}
