package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** The hand-written fraction formatting (it replaced String.format for speed) keeps the exact text forms. */
class TemporalTextFormatTest {
    @Test
    void fractionHasSixDigitsLessTrailingZeros() {
        assertEquals("00:00:00", TemporalText.time(LocalTime.of(0, 0)));
        assertEquals("01:02:03.000001", TemporalText.time(LocalTime.of(1, 2, 3, 1_000)));
        assertEquals("01:02:03.00001", TemporalText.time(LocalTime.of(1, 2, 3, 10_000)));
        assertEquals("01:02:03.00012", TemporalText.time(LocalTime.of(1, 2, 3, 120_000)));
        assertEquals("01:02:03.5", TemporalText.time(LocalTime.of(1, 2, 3, 500_000_000)));
        assertEquals("23:59:59.997001", TemporalText.time(LocalTime.of(23, 59, 59, 997_001_000)));
        assertEquals("23:59:59.999999", TemporalText.time(LocalTime.of(23, 59, 59, 999_999_999)));
        assertEquals("10:00:00.01", TemporalText.time(LocalTime.of(10, 0, 0, 10_000_000)));
    }

    @Test
    void instantIsUtcWithOffset() {
        assertEquals("2024-01-01T00:00:00.997001+00:00",
                TemporalText.instant(Instant.parse("2024-01-01T00:00:00.997001Z")));
        assertEquals("1999-12-31T23:59:59+00:00", TemporalText.instant(Instant.parse("1999-12-31T23:59:59Z")));
    }
}
