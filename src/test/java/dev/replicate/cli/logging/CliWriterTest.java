package dev.replicate.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CliWriterTest {
    /**
     * A user's test: the README shows a log line headed {@code 2026-03-29T03:30:00.123+02:00}, but a
     * time on .180 s was written {@code .18} and one on a whole second had no fraction at all, so the
     * lines of one file had three widths and did not sort as text.
     */
    @Test
    void aLogLineIsHeadedByTheTimeWithItsMillisecondsAlwaysThreeDigits() {
        ZoneOffset paris = ZoneOffset.ofHours(2);
        assertEquals("2026-03-29T03:30:00.123+02:00", CliWriter.stamp(OffsetDateTime.of(2026, 3, 29, 3, 30, 0, 123_456_789, paris)));
        assertEquals("2026-03-29T03:30:26.180+02:00", CliWriter.stamp(OffsetDateTime.of(2026, 3, 29, 3, 30, 26, 180_000_000, paris)));
        assertEquals("2026-03-29T03:30:00.000+02:00", CliWriter.stamp(OffsetDateTime.of(2026, 3, 29, 3, 30, 0, 0, paris)));
        assertEquals("2026-03-29T01:30:00.000Z", CliWriter.stamp(OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 0, ZoneOffset.UTC)));
    }
}
