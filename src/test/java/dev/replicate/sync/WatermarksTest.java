package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.Lookback;
import dev.replicate.source.WatermarkKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WatermarksTest {

    @Test
    void everyKindSurvivesTheStateTableAtFullPrecision() {
        assertRoundTrip(WatermarkKind.INTEGER, Long.MIN_VALUE);
        assertRoundTrip(WatermarkKind.DECIMAL, new BigDecimal("18446744073709551615.000000000000000000001"));
        assertRoundTrip(WatermarkKind.TEXT, "é 😀");
        assertRoundTrip(WatermarkKind.DATE, LocalDate.of(2024, 2, 29));
        assertRoundTrip(WatermarkKind.TIMESTAMP, LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000));
        assertRoundTrip(WatermarkKind.TIMESTAMPTZ, Instant.parse("1970-01-01T00:00:00.000001Z"));
        assertEquals("1E+3", new BigDecimal("1E+3").toString());
        assertEquals("1000", Watermarks.encode(WatermarkKind.DECIMAL, new BigDecimal("1E+3")), "no exponent in state");
    }

    @Test
    void randomTimestampsRoundTripAndKeepTheirOrder() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            LocalDateTime a = LocalDateTime.of(1 + random.nextInt(9998), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000) * 1000);
            LocalDateTime b = a.plusNanos(1000L * random.nextInt(3));
            assertRoundTrip(WatermarkKind.TIMESTAMP, a);
            Object decodedA = Watermarks.decode(WatermarkKind.TIMESTAMP, Watermarks.encode(WatermarkKind.TIMESTAMP, a));
            Object decodedB = Watermarks.decode(WatermarkKind.TIMESTAMP, Watermarks.encode(WatermarkKind.TIMESTAMP, b));
            assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Watermarks.compare(decodedA, decodedB)));
        }
    }

    private static void assertRoundTrip(WatermarkKind kind, Object value) {
        Object decoded = Watermarks.decode(kind, Watermarks.encode(kind, value));
        assertEquals(0, Watermarks.compare(value, decoded), kind + " " + value);
    }

    @Test
    void lookbackMovesTheStartBackByItsKind() {
        Optional<Lookback> fiveMinutes = Optional.of(new Lookback.Span(Duration.ofMinutes(5)));
        assertEquals(Optional.of(LocalDateTime.of(2024, 1, 1, 9, 55)),
                Watermarks.startFrom(WatermarkKind.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 10, 0), fiveMinutes));
        assertEquals(Optional.of(Instant.parse("2024-01-01T09:55:00Z")),
                Watermarks.startFrom(WatermarkKind.TIMESTAMPTZ, Instant.parse("2024-01-01T10:00:00Z"), fiveMinutes));
        assertEquals(Optional.of(LocalDate.of(2023, 12, 31)),
                Watermarks.startFrom(WatermarkKind.DATE, LocalDate.of(2024, 1, 1), fiveMinutes), "part of a day is a day");
        assertEquals(Optional.of(90L), Watermarks.startFrom(WatermarkKind.INTEGER, 100L,
                Optional.of(new Lookback.Amount(new BigDecimal("9.5")))), "rounded up, never less than asked");
        assertEquals(Optional.of(new BigDecimal("0.5")), Watermarks.startFrom(WatermarkKind.DECIMAL, new BigDecimal("10"),
                Optional.of(new Lookback.Amount(new BigDecimal("9.5")))));
        assertEquals(Optional.of(100L), Watermarks.startFrom(WatermarkKind.INTEGER, 100L, Optional.empty()));
        assertEquals(Optional.empty(), Watermarks.startFrom(WatermarkKind.INTEGER, Long.MIN_VALUE + 1,
                Optional.of(new Lookback.Amount(BigDecimal.TEN))), "past the smallest value: from the beginning");
    }

    @Test
    void aLookbackOfTheWrongKindIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Watermarks.startFrom(
                WatermarkKind.TIMESTAMP, LocalDateTime.MIN.plusYears(1), Optional.of(new Lookback.Amount(BigDecimal.ONE))));
        assertTrue(e.getMessage().contains("give an ISO-8601 duration such as PT5M"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Watermarks.startFrom(
                WatermarkKind.TEXT, "x", Optional.of(new Lookback.Amount(BigDecimal.ONE))));
        assertTrue(e.getMessage().contains("this one is text"), e.getMessage());
    }
}
