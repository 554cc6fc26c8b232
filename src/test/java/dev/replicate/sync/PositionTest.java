package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.Lookback;
import dev.replicate.source.WatermarkKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PositionTest {

    @Test
    void everyKindRoundTripsThroughItsStoredTextToAnEqualPosition() {
        List<Position> positions = List.of(
                new Position(WatermarkKind.INTEGER, Long.MAX_VALUE),
                new Position(WatermarkKind.INTEGER, -1L),
                new Position(WatermarkKind.DECIMAL, new BigDecimal("-0.000000000000000000000000001")),
                new Position(WatermarkKind.TEXT, "infinity"),
                new Position(WatermarkKind.TEXT, ""),
                new Position(WatermarkKind.DATE, LocalDate.of(1, 1, 1)),
                new Position(WatermarkKind.TIMESTAMP, LocalDateTime.of(2024, 2, 29, 0, 0)),
                new Position(WatermarkKind.TIMESTAMPTZ, Instant.parse("2024-02-29T23:59:59.999999Z")),
                new Position(WatermarkKind.DATE, LocalDate.MAX),
                new Position(WatermarkKind.TIMESTAMP, LocalDateTime.MIN),
                new Position(WatermarkKind.TIMESTAMPTZ, Instant.MAX));
        for (Position position : positions) {
            Position decoded = Position.decode(position.kind(), position.encode());
            assertEquals(position, decoded, position.kind() + " " + position.encode());
            assertEquals(0, position.compareTo(decoded));
        }
    }

    @Test
    void storedTextIsExactAndInfinityHasItsOwnWord() {
        assertEquals("1000", new Position(WatermarkKind.DECIMAL, new BigDecimal("1E+3")).encode());
        assertEquals("2024-01-01T10:00", new Position(WatermarkKind.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 10, 0)).encode());
        assertEquals("infinity", new Position(WatermarkKind.TIMESTAMPTZ, Instant.MAX).encode());
        assertEquals("-infinity", new Position(WatermarkKind.DATE, LocalDate.MIN).encode());
        assertEquals(LocalDateTime.MAX, Position.decode(WatermarkKind.TIMESTAMP, "infinity").value());
        assertEquals("-infinity", Position.decode(WatermarkKind.TEXT, "-infinity").value(), "text is just text");
        assertThrows(RuntimeException.class, () -> Position.decode(WatermarkKind.INTEGER, "12x"));
        assertThrows(RuntimeException.class, () -> Position.decode(WatermarkKind.DATE, "2024-13-01"));
    }

    @Test
    void onlyInfiniteDatesAndTimesAreNotFinite() {
        assertFalse(new Position(WatermarkKind.DATE, LocalDate.MAX).isFinite());
        assertFalse(new Position(WatermarkKind.TIMESTAMP, LocalDateTime.MIN).isFinite());
        assertFalse(new Position(WatermarkKind.TIMESTAMPTZ, Instant.MIN).isFinite());
        assertTrue(new Position(WatermarkKind.DATE, LocalDate.MAX.minusDays(1)).isFinite());
        assertTrue(new Position(WatermarkKind.INTEGER, Long.MAX_VALUE).isFinite());
        assertTrue(new Position(WatermarkKind.TEXT, "infinity").isFinite());
    }

    @Test
    void positionsCompareByValueNotByText() {
        assertTrue(new Position(WatermarkKind.INTEGER, 9L).compareTo(new Position(WatermarkKind.INTEGER, 10L)) < 0,
                "as text, 9 would sort after 10");
        assertEquals(0, new Position(WatermarkKind.DECIMAL, new BigDecimal("1.0"))
                .compareTo(new Position(WatermarkKind.DECIMAL, new BigDecimal("1.00"))));
        assertTrue(new Position(WatermarkKind.TIMESTAMPTZ, Instant.MAX)
                .compareTo(new Position(WatermarkKind.TIMESTAMPTZ, Instant.parse("9999-12-31T23:59:59Z"))) > 0);
        assertTrue(Position.compareValues(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 1)) > 0);
        assertThrows(IllegalArgumentException.class, () -> new Position(WatermarkKind.INTEGER, 1L)
                .compareTo(new Position(WatermarkKind.DECIMAL, BigDecimal.ONE)));
    }

    @Test
    void aLookbackMovesBackByTheKindAndTheStartRoundTrips() {
        Optional<Lookback> ninetySeconds = Optional.of(new Lookback.Span(Duration.ofSeconds(90)));
        Position at = new Position(WatermarkKind.TIMESTAMPTZ, Instant.parse("2024-01-01T00:00:00Z"));
        Position start = at.minus(ninetySeconds).orElseThrow();
        assertEquals(new Position(WatermarkKind.TIMESTAMPTZ, Instant.parse("2023-12-31T23:58:30Z")), start);
        assertEquals(start, Position.decode(start.kind(), start.encode()));
        assertTrue(start.compareTo(at) < 0);

        assertEquals(Optional.of(new Position(WatermarkKind.DATE, LocalDate.of(2024, 2, 28))),
                new Position(WatermarkKind.DATE, LocalDate.of(2024, 3, 1)).minus(
                        Optional.of(new Lookback.Span(Duration.ofHours(25)))), "25 hours reach two days back");
        assertEquals(Optional.of(new Position(WatermarkKind.INTEGER, 97L)), new Position(WatermarkKind.INTEGER, 100L)
                .minus(Optional.of(new Lookback.Amount(new BigDecimal("2.1")))));
        Position none = new Position(WatermarkKind.INTEGER, 5L);
        assertEquals(Optional.of(none), none.minus(Optional.empty()));
    }

    @Test
    void aLookbackPastTheSmallestValueReadsFromTheStartAndInfinityStaysPut() {
        assertEquals(Optional.empty(), new Position(WatermarkKind.TIMESTAMP, LocalDateTime.MIN.plusSeconds(1))
                .minus(Optional.of(new Lookback.Span(Duration.ofMinutes(1)))));
        Position infinite = new Position(WatermarkKind.DATE, LocalDate.MAX);
        assertEquals(Optional.of(infinite), infinite.minus(Optional.of(new Lookback.Span(Duration.ofDays(1)))));
    }

    @Test
    void aLookbackOfTheWrongSortIsRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Position(
                WatermarkKind.INTEGER, 1L).minus(Optional.of(new Lookback.Span(Duration.ofMinutes(5)))));
        assertTrue(e.getMessage().contains("give a number such as 100"), e.getMessage());
    }

    /**
     * Hostile test: in a Turkish locale (LANG=tr_TR.UTF-8) a message named the watermark's kind
     * "ınteger" or "tımestamp": the enum's name lower-cased by the locale's rules, whose capital I
     * has no dot above its small letter.
     */
    @Test
    void theKindIsSpeltTheSameInATurkishLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(new java.util.Locale("tr", "TR"));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Position(
                    WatermarkKind.INTEGER, 1L).minus(Optional.of(new Lookback.Span(Duration.ofMinutes(5)))));
            assertTrue(e.getMessage().contains("the watermark is integer;"), e.getMessage());
            IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> new Position(
                    WatermarkKind.TIMESTAMPTZ, Instant.EPOCH).minus(Optional.of(new Lookback.Amount(BigDecimal.ONE))));
            assertTrue(t.getMessage().contains("the watermark is a timestamptz;"), t.getMessage());
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
