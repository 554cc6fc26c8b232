package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalTextTest {
    @Test
    void formsOfEachKind() {
        assertEquals("2024-02-29", TemporalText.date(LocalDate.of(2024, 2, 29)));
        assertEquals("2024-02-29 23:59:59", TemporalText.timestamp(LocalDateTime.of(2024, 2, 29, 23, 59, 59)));
        assertEquals("2024-02-29 23:59:59.5", TemporalText.timestamp(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 500_000_000)));
        assertEquals("2024-02-29 00:00:00.000001", TemporalText.timestamp(LocalDateTime.of(2024, 2, 29, 0, 0, 0, 1000)));
        assertEquals("1970-01-01T00:00:00.000001+00:00", TemporalText.instant(Instant.parse("1970-01-01T00:00:00.000001Z")));
        assertEquals("infinity", TemporalText.timestamp(LocalDateTime.MAX));
        assertEquals("-infinity", TemporalText.date(LocalDate.MIN));
    }

    @Test
    void textOrderIsTimeOrder() {
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            instants.add(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(5), random.nextInt(4) * 250_000_000L
                    + random.nextInt(3) * 1000L));
        }
        for (int i = 1; i < instants.size(); i++) {
            Instant a = instants.get(i - 1);
            Instant b = instants.get(i);
            assertEquals(Integer.signum(a.compareTo(b)),
                    Integer.signum(TemporalText.instant(a).compareTo(TemporalText.instant(b))), a + " vs " + b);
            LocalDateTime la = LocalDateTime.ofEpochSecond(a.getEpochSecond(), a.getNano(), java.time.ZoneOffset.UTC);
            LocalDateTime lb = LocalDateTime.ofEpochSecond(b.getEpochSecond(), b.getNano(), java.time.ZoneOffset.UTC);
            assertEquals(Integer.signum(la.compareTo(lb)),
                    Integer.signum(TemporalText.timestamp(la).compareTo(TemporalText.timestamp(lb))), la + " vs " + lb);
        }
    }

    /**
     * The claim verify cuts date and time keys on: within the years 0 to 9999, the UTF-8 bytes of the texts
     * (SQLite's BINARY order) sort as the values, for each kind, at every width of fraction (a microsecond
     * apart, a whole second against a fraction, an instant's +00:00 against a fraction's point), across
     * every field's carry (a year, a month, a day, an hour's end). Outside, they do not.
     */
    @Test
    void byteOrderIsTimeOrderWithinTheYearsVerifyCutsAt() {
        List<LocalDateTime> values = new ArrayList<>();
        int[] micros = {0, 1, 9, 10, 99, 100, 120_000, 123_456, 499_999, 500_000, 500_001, 999_999};
        for (int year : new int[] {0, 1, 999, 1000, 1969, 2024, 9999}) {
            for (LocalDateTime base : List.of(LocalDateTime.of(year, 1, 1, 0, 0), LocalDateTime.of(year, 2, 28, 23, 59, 59),
                    LocalDateTime.of(year, 12, 31, 23, 59, 58), LocalDateTime.of(year, 9, 30, 9, 9, 9))) {
                for (int second = 0; second < 2; second++) {
                    for (int micro : micros) {
                        values.add(base.plusSeconds(second).plusNanos(micro * 1000L));
                    }
                }
            }
        }
        List<LocalDateTime> sorted = values.stream().sorted().distinct().toList();
        assertEquals(sorted, values.stream().distinct().sorted(java.util.Comparator.comparing(v -> utf8(
                TemporalText.timestamp(v)), java.util.Arrays::compareUnsigned)).toList(), "timestamp");
        assertEquals(sorted, values.stream().distinct().sorted(java.util.Comparator.comparing(v -> utf8(
                TemporalText.instant(v.toInstant(java.time.ZoneOffset.UTC))), java.util.Arrays::compareUnsigned))
                .toList(), "instant");
        List<LocalDate> dates = sorted.stream().map(LocalDateTime::toLocalDate).distinct().toList();
        assertEquals(dates, dates.stream().sorted(java.util.Comparator.comparing(d -> utf8(TemporalText.date(d)),
                java.util.Arrays::compareUnsigned)).toList(), "date");
        for (LocalDateTime value : sorted) {
            assertEquals(java.util.OptionalInt.of(value.getYear()), TemporalText.year(WatermarkKind.TIMESTAMP,
                    TemporalText.timestamp(value)));
            assertEquals(java.util.OptionalInt.of(value.getYear()), TemporalText.year(WatermarkKind.TIMESTAMPTZ,
                    TemporalText.instant(value.toInstant(java.time.ZoneOffset.UTC))));
            assertEquals(java.util.OptionalInt.of(value.getYear()), TemporalText.year(WatermarkKind.DATE,
                    TemporalText.date(value.toLocalDate())));
        }
        // Outside: a BC year's sign, a fifth digit's sign.
        assertEquals(-1, Integer.signum(TemporalText.date(LocalDate.of(-1, 1, 1)).compareTo(
                TemporalText.date(LocalDate.of(-43, 1, 1)))), "-0001 sorts before -0043, unlike the dates");
        assertEquals(-1, Integer.signum(TemporalText.date(LocalDate.of(10000, 1, 1)).compareTo(
                TemporalText.date(LocalDate.of(1, 1, 1)))), "+10000 sorts before 0001, unlike the dates");
    }

    /** Only the exact text of a finite value has a year: another spelling would sort elsewhere. */
    @Test
    void onlyTheTextsTheReadersWriteHaveAYear() {
        assertEquals(java.util.OptionalInt.of(2024), TemporalText.year(WatermarkKind.TIMESTAMP, "2024-01-01 10:00:00.5"));
        assertEquals(java.util.OptionalInt.of(-43), TemporalText.year(WatermarkKind.DATE, "-0043-03-15"));
        assertEquals(java.util.OptionalInt.of(10000), TemporalText.year(WatermarkKind.DATE, "+10000-01-01"));
        for (String text : List.of("2024-01-01 10:00:00.50", "2024-01-01T10:00:00", "2024-01-01 10:00", "infinity",
                "2024-01-01 10:00:00.1234567", "2024-02-30 00:00:00", "")) {
            assertEquals(java.util.OptionalInt.empty(), TemporalText.year(WatermarkKind.TIMESTAMP, text), text);
        }
        for (String text : List.of("2024-01-01T10:00:00Z", "2024-01-01T10:00:00.50+00:00", "2024-01-01T10:00:00+01:00",
                "2024-01-01 10:00:00+00:00", "-infinity")) {
            assertEquals(java.util.OptionalInt.empty(), TemporalText.year(WatermarkKind.TIMESTAMPTZ, text), text);
        }
        for (String text : List.of("2024-1-01", "20240101", "2024-01-00", "0000-00-00", "2024-01-01 00:00:00")) {
            assertEquals(java.util.OptionalInt.empty(), TemporalText.year(WatermarkKind.DATE, text), text);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
