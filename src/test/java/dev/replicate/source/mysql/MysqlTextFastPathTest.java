package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.TemporalText;
import dev.replicate.source.jdbc.IsoDates;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast readers of the server's date and time text agree with the general ones. */
class MysqlTextFastPathTest {
    @Test
    void theServersTextBecomesTheSameValuesAsTheDriversObjects() {
        Random random = new Random(11);
        for (int fsp = 0; fsp <= 6; fsp++) {
            DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss" + (fsp == 0 ? "" : "." + "S".repeat(fsp)));
            for (int i = 0; i < 2000; i++) {
                LocalDateTime value = LocalDateTime.of(1000 + random.nextInt(9000), 1 + random.nextInt(12), 1 + random.nextInt(28),
                        random.nextInt(24), random.nextInt(60), random.nextInt(60),
                        truncate((random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000)) * 1000, fsp));
                String text = value.format(format);
                assertTrue(MysqlTemporalText.isDateTime(bytes(text)), text);
                assertEquals(TemporalText.timestamp(value), MysqlTemporalText.wallClock(bytes(text)), text);
                assertEquals(value, IsoDates.dateTime(bytes(text), 0, text.length()), text);
            }
        }
    }

    /** Nanoseconds cut to the column's fractional digits, as the server stores them. */
    private static int truncate(int nanos, int fsp) {
        int unit = (int) Math.pow(10, 9 - fsp);
        return nanos / unit * unit;
    }

    @Test
    void oddFormsAreRecognised() {
        // Zero dates: MysqlTypesMappingTest.zeroDatesAreRecognisedAndFloorToTheLastRealDateBefore.
        assertFalse(MysqlTemporalText.isDateTime(bytes("2024-01-10 00:00:00.")));
        assertFalse(MysqlTemporalText.isDateTime(bytes("12024-01-10 00:00:00")));
        assertFalse(IsoDates.isDate(bytes("2024-1-10"), 0, "2024-1-10".length()));
        assertEquals("2024-01-10 00:00:00", MysqlTemporalText.wallClock(bytes("2024-01-10 00:00:00.000000")));
        assertEquals("2024-01-10 00:00:00.1", MysqlTemporalText.wallClock(bytes("2024-01-10 00:00:00.100")));
    }

    /** Property: where the decimal text is taken as it came, it is exactly what BigDecimal's plain form gives. */
    @Test
    void plainDecimalTextIsWhatBigDecimalWouldGive() {
        Random random = new Random(Long.getLong("replicate.seed", 23L));
        for (int i = 0; i < 50_000; i++) {
            java.math.BigDecimal value = new java.math.BigDecimal(new java.math.BigInteger(random.nextInt(200) + 1, random),
                    random.nextInt(31)).multiply(java.math.BigDecimal.valueOf(random.nextBoolean() ? 1 : -1));
            String text = value.toPlainString();
            assertTrue(MysqlColumnReaders.plainDecimal(bytes(text)) || value.signum() == 0, text);
            if (MysqlColumnReaders.plainDecimal(bytes(text))) {
                assertEquals(new java.math.BigDecimal(text).toPlainString(), text);
            }
        }
        assertTrue(MysqlColumnReaders.plainDecimal(bytes("18446744073709551615")));
        assertTrue(MysqlColumnReaders.plainDecimal(bytes("0.00")));
        assertFalse(MysqlColumnReaders.plainDecimal(bytes("-0.00")), "BigDecimal drops the sign of a negative zero");
        assertTrue(MysqlColumnReaders.plainDecimal(bytes("0.5")));
        assertTrue(MysqlColumnReaders.plainDecimal(bytes("-0.5")));
        for (String odd : new String[] {"", "-", ".5", "5.", "1e5", "1.2.3", "+1", " 1", "1-",
                "007", "00012.50", "-00012.50", "00000000000000000042"}) {
            assertFalse(MysqlColumnReaders.plainDecimal(bytes(odd)), odd);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
