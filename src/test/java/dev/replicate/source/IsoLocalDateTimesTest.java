package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.replicate.testing.RandomInstants;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link IsoLocalDateTimes#parse} reads every text exactly as {@link LocalDateTime#parse(CharSequence)} does, or
 * fails as it does; {@link IsoLocalDateTimes#format} writes what {@link LocalDateTime#toString} writes.
 */
class IsoLocalDateTimesTest {
    @Test
    void writesWhatToStringWritesAndReadsItBackAsTheJdkDoes() {
        for (LocalDateTime value : randomValues()) {
            String text = value.toString();
            assertEquals(text, IsoLocalDateTimes.format(value));
            LocalDateTime read = IsoLocalDateTimes.parse(text);
            assertEquals(value, read, text);
            assertEquals(LocalDateTime.parse(text), read, text);
            if (value.getYear() >= 0 && value.getYear() <= 9999) {
                // Read by hand, not handed to the JDK: the speed this class is for.
                assertNotNull(IsoLocalDateTimes.quick(text, text.length()), text);
            }
        }
    }

    @Test
    void writesTheEdgesOfYearsMinutesAndFractionsAsToStringDoes() {
        for (String text : List.of("0000-01-01T00:00", "-0001-12-31T23:59:59.999999999", "9999-12-31T23:59:59.999",
                "+10000-01-01T00:00", "1970-01-01T00:00:00.000001", "2024-02-29T12:00:00.100", "2026-12-07T21:51",
                "2026-12-07T21:51:01", "2026-12-07T21:51:00.000000001", "2026-12-07T00:00:00.010")) {
            LocalDateTime value = LocalDateTime.parse(text);
            assertEquals(value.toString(), IsoLocalDateTimes.format(value), text);
        }
        assertEquals(LocalDateTime.MAX.toString(), IsoLocalDateTimes.format(LocalDateTime.MAX));
        assertEquals(LocalDateTime.MIN.toString(), IsoLocalDateTimes.format(LocalDateTime.MIN));
    }

    @Test
    void readsEverySpellingOfThePlainFormAsTheJdkDoes() {
        for (String text : List.of("2024-02-29T23:59", "2024-02-29T23:59:59", "2024-01-01T00:00:00.1",
                "2024-01-01T00:00:00.12", "2024-01-01T00:00:00.1234", "2024-01-01T00:00:00.12345",
                "2024-01-01T00:00:00.1234567", "2024-01-01T00:00:00.12345678", "2024-01-01T00:00:00.123456789",
                "2024-01-01T00:00:00.000000000", "2024-01-01T00:00:00.0", "2024-01-01T00:00:00", "0000-01-01T00:00",
                "9999-12-31T23:59:59.999999999", "2000-02-29T12:00", "1900-03-01T00:00")) {
            assertEquals(LocalDateTime.parse(text), IsoLocalDateTimes.parse(text), text);
            assertNotNull(IsoLocalDateTimes.quick(text, text.length()), text);
        }
    }

    @Test
    void leavesEveryOtherTextToTheJdkWithItsValueOrItsError() {
        for (String text : List.of("2024-02-30T00:00", "2023-02-29T00:00", "2024-13-01T00:00", "2024-00-01T00:00",
                "2024-01-32T00:00", "2024-01-01T24:00", "2024-01-01T24:00:00", "2024-01-01T23:60",
                "2024-01-01T23:59:60", "2016-12-31T23:59:60", "2024-01-01 00:00:00", "2024-01-01t00:00:00",
                "2024-01-01t00:00", "2024-01-01T00:00:00Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00.1234567890",
                "2024-01-01T00:00:00.", "2024-01-01T00:00.5", "2024-01-01T00:0", "2024-01-01T00:00:0",
                "2024-01-01T00:00:", "2024-01-01T00:00:0a", "2024-01-01T0a:00", "2024-1-01T00:00:00",
                "+10000-01-01T00:00", "+10000-01-01T00:00:00.5", "10000-01-01T00:00", "-0001-01-01T00:00",
                "+2024-01-01T00:00", "-10000-01-01T00:00:01", "+999999999-12-31T23:59:59.999999999",
                "-999999999-01-01T00:00", " 2024-01-01T00:00", "2024-01-01T00:00 ", "2024-01-01",
                "\u0662\u0660\u0662\u0664-01-01T00:00", "2024-01-01T00:00:00+01:00", "", "x")) {
            LocalDateTime expected;
            try {
                expected = LocalDateTime.parse(text);
            } catch (DateTimeParseException e) {
                DateTimeParseException actual =
                        assertThrows(DateTimeParseException.class, () -> IsoLocalDateTimes.parse(text), text);
                assertEquals(e.getMessage(), actual.getMessage(), text);
                assertEquals(e.getErrorIndex(), actual.getErrorIndex(), text);
                continue;
            }
            assertEquals(expected, IsoLocalDateTimes.parse(text), text);
        }
    }

    /**
     * 200,000 wall-clock times of the years -100 to 10100 (about 2% outside 0 to 9999), a quarter each with no
     * fraction and with milli-, micro- and nanoseconds; every eighth cut to the minute, which toString writes
     * without its seconds.
     */
    private static List<LocalDateTime> randomValues() {
        List<LocalDateTime> values = new ArrayList<>();
        int i = 0;
        for (Instant instant : RandomInstants.between(19, "-0100-01-01T00:00:00Z", "+10100-01-01T00:00:00Z")) {
            LocalDateTime value = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            values.add(i++ % 8 == 0 ? value.truncatedTo(ChronoUnit.MINUTES) : value);
        }
        return values;
    }
}
