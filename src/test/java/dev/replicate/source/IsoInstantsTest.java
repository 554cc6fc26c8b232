package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.replicate.testing.RandomInstants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link IsoInstants#parse} reads every text exactly as {@link Instant#parse} does, or fails as it does; {@link
 * IsoInstants#format} writes what {@link Instant#toString} writes.
 */
class IsoInstantsTest {
    @Test
    void readsWhatInstantWritesAsInstantParseDoes() {
        for (Instant instant : RandomInstants.between(17, "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z")) {
            String text = instant.toString();
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void writesWhatInstantToStringWrites() {
        for (Instant instant : RandomInstants.between(18, "-0100-01-01T00:00:00Z", "+10100-01-01T00:00:00Z")) {
            assertEquals(instant.toString(), IsoInstants.format(instant));
        }
        for (String text : List.of("0000-01-01T00:00:00Z", "-0001-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00.000001Z", "2024-02-29T12:00:00.1Z")) {
            Instant instant = Instant.parse(text);
            assertEquals(instant.toString(), IsoInstants.format(instant), text);
        }
        assertEquals(Instant.MAX.toString(), IsoInstants.format(Instant.MAX));
        assertEquals(Instant.MIN.toString(), IsoInstants.format(Instant.MIN));
    }

    @Test
    void readsEveryFractionWidthAndTheEdgesOfDaysAndYears() {
        for (String text : List.of("2024-02-29T23:59:59Z", "2024-01-01T00:00:00.1Z", "2024-01-01T00:00:00.12Z",
                "2024-01-01T00:00:00.1234Z", "2024-01-01T00:00:00.12345Z", "2024-01-01T00:00:00.1234567Z",
                "2024-01-01T00:00:00.12345678Z", "2024-01-01T00:00:00.123456789Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                "2000-02-29T12:00:00Z", "1900-03-01T00:00:00Z")) {
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void leavesOtherSpellingsToInstantParseWithItsValueOrItsError() {
        // Read by Instant.parse, not the quick path: a leap second, a wider year, an offset, the day's end.
        for (String text : List.of("2016-12-31T23:59:60Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "2024-01-01T00:00:00+02:00", "2024-01-01t00:00:00z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.Z")) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
                continue;
            }
            assertEquals(expected, IsoInstants.parse(text), text);
        }
        for (String text : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-32T00:00:00Z",
                "2024-01-01T23:60:00Z",
                "2024-01-01T00:00:00.1234567890Z", "2024-01-01T00:00:0aZ", "2024-01-01 00:00:00Z",
                "2024-01-01T00:00:00", "2024-01-01T00:00Z", "", "x")) {
            DateTimeParseException expected = assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            DateTimeParseException actual = assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
            assertEquals(expected.getMessage(), actual.getMessage(), text);
        }
    }
}
