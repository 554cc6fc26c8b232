package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.RandomInstants;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Timestamps#format} writes what its pattern, through {@link DateTimeFormatter}, writes. */
class TimestampsTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static String expected(Instant instant) {
        return PATTERN.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void writesWhatThePatternWritesForAnyInstant() {
        for (Instant instant : RandomInstants.between(17, "-0100-01-01T00:00:00Z", "+10100-01-01T00:00:00Z")) {
            assertEquals(expected(instant), Timestamps.format(instant), instant.toString());
        }
    }

    @Test
    void writesTheEdgesOfTheFourDigitYearsAsThePatternDoes() {
        for (String text : List.of("0000-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59.9999Z",
                "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59.999999Z",
                "+10000-01-01T00:00:00Z", "-0001-06-01T12:00:00.5Z")) {
            Instant instant = Instant.parse(text);
            assertEquals(expected(instant), Timestamps.format(instant), text);
        }
    }
}
