package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.jdbc.DigestSql;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MySQL's and MariaDB's verify SQL. The canonical texts follow {@link MysqlColumnReaders}: integers
 * (bool, year and bit(1..63) too) as integers, decimals and bigint unsigned as their exact text (a
 * negative zero printed without its sign, as the reader's BigDecimal does), blobs as hex, and text,
 * enum and set as the server's text, hashed as utf8mb4.
 *
 * <p>Built here too, and proven against the readers over edge values by the verify tests: double by
 * its bits, which the well-known binary of a point holds as they are (the server prints a double as the
 * shortest text that reads back, so the reader's double is the server's); date, datetime and
 * timestamp as the readers write the server's text (the session is in UTC, see MysqlConnector): zero
 * dates as NULL, the fraction without its trailing zeros, an instant with a T and +00:00.
 *
 * <p>Handed to Java instead, exact by construction: float (the reader keeps Java's shortest text of
 * the float), time (a duration the reader reformats), zerofill decimals, bit(64), spatial and the
 * other types, whose text the reader takes in ways SQL would have to imitate.
 */
final class MysqlDigestSql implements DigestSql {

    @Override
    public Optional<Canonical> canonical(SourceColumn column, String quoted) {
        return expression(column, quoted).map(expression -> Canonical.of(quoted, v -> expression(column, v).orElseThrow()));
    }

    /** The canonical text over {@code quoted}, the column or what stands for it. */
    private static Optional<String> expression(SourceColumn column, String quoted) {
        boolean zerofill = column.sourceType().toLowerCase(Locale.ROOT).contains("zerofill");
        return switch (MysqlTypes.category(column.sourceType())) {
            case INTEGER, YEAR -> Optional.of(notNull(quoted, "CONCAT('I', CAST(" + quoted + " AS SIGNED), ';')"));
            case BIT -> Optional.of(notNull(quoted, "CONCAT('I', CAST(" + quoted + " AS UNSIGNED), ';')"));
            case UNSIGNED_BIGINT, DECIMAL -> zerofill ? Optional.empty() : Optional.of(text(quoted,
                    "IF(" + quoted + " = 0, TRIM(LEADING '-' FROM CAST(" + quoted + " AS CHAR)), CAST(" + quoted
                            + " AS CHAR))"));
            case BINARY -> Optional.of(notNull(quoted, "CONCAT('B', LOWER(HEX(" + quoted + ")), ';')"));
            // json: the text the server sends for it is the one its conversion to a string gives.
            case TEXT, ENUM_SET, JSON -> Optional.of(text(quoted, quoted));
            case DOUBLE -> Optional.of(notNull(quoted, "IF(" + quoted + " = 0, 'R0000000000000000;', CONCAT('R',"
                    + " LOWER(HEX(REVERSE(SUBSTRING(ST_AsWKB(POINT(" + quoted + ", 0)), 6, 8)))), ';'))"));
            case DATE -> Optional.of(date(quoted, "CONCAT('T10:', " + quoted + ")"));
            case DATETIME -> Optional.of(date(quoted, wallClockText(quoted, fraction(column))));
            case TIMESTAMP -> Optional.of(date(quoted, instantText(quoted, fraction(column))));
            default -> Optional.empty();
        };
    }

    /** A date or time column's value, NULL for a zero date or one with a zero month or day, as the readers store them. */
    private static String date(String quoted, String expression) {
        return "IF(" + quoted + " IS NULL OR MONTH(" + quoted + ") = 0 OR DAYOFMONTH(" + quoted + ") = 0, 'N', "
                + expression + ")";
    }

    /** Whether the column has a fraction of a second: datetime(6) has, datetime has not. */
    private static boolean fraction(SourceColumn column) {
        String type = column.sourceType().toLowerCase(Locale.ROOT).replace(" ", "");
        return type.contains("(") && !type.contains("(0)");
    }

    /** The wall clock as the server prints it, the fraction's trailing zeros (and a bare point) dropped. */
    private static String wallClock(String quoted, boolean fraction) {
        return fraction ? "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + quoted + "))" : "CAST(" + quoted + " AS CHAR)";
    }

    private static String wallClockText(String quoted, boolean fraction) {
        String wall = wallClock(quoted, fraction);
        return fraction ? "CONCAT('T', LENGTH(" + wall + "), ':', " + wall + ")" : "CONCAT('T19:', " + wall + ")";
    }

    /** 2024-01-01 10:00:00.5 in the session's zone, UTC, as 2024-01-01T10:00:00.5+00:00. */
    private static String instantText(String quoted, boolean fraction) {
        String wall = wallClock(quoted, fraction);
        String instant = "CONCAT(REPLACE(" + wall + ", ' ', 'T'), '+00:00')";
        return fraction ? "CONCAT('T', LENGTH(" + wall + ") + 6, ':', " + instant + ")" : "CONCAT('T25:', " + instant + ")";
    }

    private static String notNull(String quoted, String expression) {
        return "IF(" + quoted + " IS NULL, 'N', " + expression + ")";
    }

    /** T, the length in UTF-8 bytes, a colon, the text: all as utf8mb4 with a binary collation (no collation mix). */
    private static String text(String quoted, String expression) {
        String utf8 = "CONVERT(" + expression + " USING utf8mb4) COLLATE utf8mb4_bin";
        return notNull(quoted, "CONCAT('T', LENGTH(" + utf8 + "), ':', " + utf8 + ")");
    }

    @Override
    public String concat(List<String> parts) {
        return "CONCAT(" + String.join(", ", parts) + ")";
    }

    @Override
    public String md5(String text) {
        return "MD5(CONVERT(" + text + " USING utf8mb4))";
    }

    @Override
    public String rangeDigest(String text, String key) {
        return "COUNT(*), " + md5("COALESCE(GROUP_CONCAT(" + text + " ORDER BY " + key + " SEPARATOR ''), '')");
    }

    /**
     * GROUP_CONCAT cuts its text at group_concat_max_len (1024 bytes by default), with a warning only: a
     * range's text must never be cut. (A cut text could not make two ranges look equal, as the count and
     * self-delimiting forms tell, but every range would differ.)
     */
    @Override
    public List<String> sessionSetup() {
        return List.of("SET SESSION group_concat_max_len = 4294967295");
    }

    @Override
    public String comparedKey(String quoted, boolean text) {
        // A binary string compares by its bytes, without the PAD SPACE of the _bin collations: the
        // order of SQLite's BINARY, so a bound taken from the replica splits both sides alike.
        return text ? "CAST(CONVERT(" + quoted + " USING utf8mb4) AS BINARY)" : quoted;
    }

    @Override
    public String keyParameter(boolean text) {
        return text ? "CAST(CONVERT(? USING utf8mb4) AS BINARY)" : "?";
    }

    @Override
    public String softDeleted(String quoted, boolean flag) {
        return flag ? "COALESCE(" + quoted + " <> 0, FALSE)" : "(" + quoted + " IS NOT NULL)";
    }
}
