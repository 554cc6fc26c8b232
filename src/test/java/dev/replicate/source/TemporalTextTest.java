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
}
