package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.WatermarkKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.TimestampUtils;

/**
 * The COPY readers' fast paths give exactly what pgjdbc's own text parsers (the slow path, and what
 * the JDBC reader uses for text columns) give, for the forms PostgreSQL prints in a UTC, ISO session.
 */
class PostgresCopyReadersTest {
    private final TimestampUtils timestamps = new TimestampUtils(false, () -> TimeZone.getTimeZone("UTC"));

    private Object field(String type, String text) throws Exception {
        byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.UTF_8);
        SourceColumn column = new SourceColumn("c", type, SqliteType.TEXT, Optional.empty());
        return PostgresColumnReaders.copyReader(column, timestamps).read(bytes, 1, bytes.length - 1);
    }

    private Object watermark(WatermarkKind kind, String text) throws Exception {
        byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.UTF_8);
        return PostgresColumnReaders.positionReader(kind, timestamps).read(bytes, 1, bytes.length - 1);
    }

    private static final List<String> TIMESTAMPTZ = List.of(
            "2024-01-01 00:00:00+00", "2024-01-01 00:00:00.997001+00", "2024-01-01 00:00:00.5+00",
            "1999-12-31 23:59:59.999999+00", "0001-01-01 00:00:00+00", "2024-06-01 12:00:00.00001+00",
            "0044-03-15 12:00:00+00 BC", "12345-06-07 08:09:10.123456+00", "infinity", "-infinity",
            "2024-02-29 18:29:59.999999+00");

    /**
     * A real's COPY text: from PostgreSQL 12 the shortest decimal (extra_float_digits 3), parsed as the double
     * it is; before, nine digits, read as the float. Either way the double of the float's shortest decimal, as
     * the JDBC reader gives it (CommonReaders#shortestReal).
     */
    @Test
    void realsReadAsTheDoubleOfTheirShortestDecimalWhicheverTextTheServerPrints() throws Exception {
        SourceColumn column = new SourceColumn("c", "real", SqliteType.REAL, Optional.empty());
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<Float> floats = new java.util.ArrayList<>(List.of(Float.MIN_VALUE, Float.MAX_VALUE, 1.1f, -0.5f, 1e11f,
                Float.MIN_NORMAL, 16777217f));
        for (int i = 0; i < 20_000; i++) {
            floats.add(Float.intBitsToFloat(random.nextInt()));
        }
        for (float f : floats) {
            if (Float.isNaN(f)) {
                continue;
            }
            double expected = dev.replicate.source.jdbc.CommonReaders.shortestReal(f);
            // The shortest decimal as PostgreSQL 12+ prints it (Ryu's digits, one digit for 1e-45), and nine digits.
            String shortest = new java.math.BigDecimal(expected).round(new java.math.MathContext(9)).stripTrailingZeros()
                    .toString().replace("E+", "e+").replace("E-", "e-");
            String nine = String.format(java.util.Locale.ROOT, "%.8e", f);
            assertEquals(expected, real(column, shortest, true), shortest);
            assertEquals(expected, real(column, nine, false), nine);
        }
        for (String special : List.of("NaN", "Infinity", "-Infinity")) {
            assertEquals(Double.parseDouble(special), real(column, special, true), special);
            assertEquals(Double.parseDouble(special), real(column, special, false), special);
        }
    }

    private Object real(SourceColumn column, String text, boolean shortestReals) throws Exception {
        byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.UTF_8);
        return PostgresColumnReaders.copyReader(column, timestamps, shortestReals).read(bytes, 1, bytes.length - 1);
    }

    @Test
    void integersReadAsLongParseLongReadsThem() throws Exception {
        List<String> texts = new java.util.ArrayList<>(List.of("0", "-0", "7", "-7", "127", "128", "-129",
                "2147483647", "-2147483648", "4294967295", "999999999999999999", "-999999999999999999",
                "1000000000000000000", "9223372036854775807", "-9223372036854775808", "007", "+5"));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            texts.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        for (String text : texts) {
            assertEquals(Long.parseLong(text), field("bigint", text), text);
            assertEquals(Long.parseLong(text), watermark(WatermarkKind.INTEGER, text), text);
        }
        for (String bad : List.of("", "-", "1x", "9223372036854775808", "12345678901234567890", " 1")) {
            org.junit.jupiter.api.Assertions.assertThrows(NumberFormatException.class, () -> field("bigint", bad), bad);
            org.junit.jupiter.api.Assertions.assertThrows(NumberFormatException.class, () -> watermark(WatermarkKind.INTEGER, bad), bad);
        }
    }

    @Test
    void timestamptzFastPathMatchesPgjdbc() throws Exception {
        for (String text : TIMESTAMPTZ) {
            assertEquals(PostgresColumnReaders.timestamptz(timestamps.toOffsetDateTime(text)), field("timestamp with time zone", text), text);
            assertEquals(dev.replicate.source.TemporalText.toInstant(timestamps.toOffsetDateTime(text)), watermark(WatermarkKind.TIMESTAMPTZ, text), text);
        }
        assertEquals("2024-01-01T00:00:00.997001+00:00", field("timestamp with time zone", "2024-01-01 00:00:00.997001+00"));
        assertEquals(Instant.parse("2024-01-01T00:00:00.5Z"), watermark(WatermarkKind.TIMESTAMPTZ, "2024-01-01 00:00:00.5+00"));
    }

    @Test
    void timestampAndDateFastPathsMatchPgjdbc() throws Exception {
        for (String tz : TIMESTAMPTZ) {
            String text = tz.replace("+00", "");
            LocalDateTime parsed = timestamps.toLocalDateTime(text);
            assertEquals(dev.replicate.source.TemporalText.timestamp(parsed), field("timestamp without time zone", text), text);
            assertEquals(parsed, watermark(WatermarkKind.TIMESTAMP, text), text);
        }
        for (String text : List.of("2024-01-01", "0001-01-01", "9999-12-31", "0044-03-15 BC", "12345-01-01", "infinity", "-infinity")) {
            LocalDate parsed = timestamps.toLocalDate(text.getBytes(StandardCharsets.UTF_8));
            assertEquals(dev.replicate.source.TemporalText.date(parsed), field("date", text), text);
            assertEquals(parsed, watermark(WatermarkKind.DATE, text), text);
        }
    }

    @Test
    void numbersBooleansAndBytes() throws Exception {
        assertEquals(-9223372036854775808L, field("bigint", "-9223372036854775808"));
        assertEquals(1L, field("boolean", "t"));
        assertEquals(0L, field("boolean", "f"));
        assertEquals(1.1, field("real", "1.1"));
        assertEquals(4.9e-324, field("double precision", "5e-324"));
        assertEquals(Double.NEGATIVE_INFINITY, field("double precision", "-Infinity"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) field("bytea", "\\x00ff"));
        assertEquals("12.50", field("numeric(12,2)", "12.50"));
    }

    /** Property: the double reader (JavaDoubleParser) gives Double.parseDouble's exact bits, in every text form. */
    @Test
    void doublesParseExactlyAsDoubleParseDouble() throws Exception {
        java.util.Random random = new java.util.Random(Long.getLong("replicate.seed", 20261125L));
        for (int n = 0; n < 100_000; n++) {
            double value = switch (n % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                default -> (double) random.nextLong() / (1 + random.nextInt(1000));
            };
            String shortest = Double.toString(value);
            for (String text : List.of(shortest, shortest.replace("E", "e+").replace("e+-", "e-"),
                    String.format(java.util.Locale.ROOT, "%.17g", value), String.format(java.util.Locale.ROOT, "%.3e", value))) {
                if (text.contains("NaN") || text.contains("Infinity")) {
                    continue;
                }
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)),
                        Double.doubleToRawLongBits((Double) field("double precision", text)), text);
            }
        }
        assertEquals(Double.NaN, field("double precision", "NaN"));
        assertEquals(Double.POSITIVE_INFINITY, field("double precision", "Infinity"));
        assertEquals(-0.0, field("double precision", "-0"));
    }

    @Test
    void copyEscapesAreUndone() {
        byte[] row = "a\\tb\\\\c\\nd\\101\\x41é".getBytes(StandardCharsets.UTF_8);
        assertEquals("a\tb\\c\ndAAé", new String(PostgresCopyStream.unescape(row, 0, row.length), StandardCharsets.UTF_8));
    }
}
