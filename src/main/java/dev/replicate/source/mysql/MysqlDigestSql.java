package dev.replicate.source.mysql;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.jdbc.DigestSql;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL's and MariaDB's verify SQL. The canonical texts follow {@link MysqlColumnReaders}: integers
 * (bool, year and bit(1..63) too) as integers, decimals and bigint unsigned as their exact text (a
 * negative zero printed without its sign, as the reader's BigDecimal does), blobs as hex, and text,
 * enum, set and json as the server's text, escaped (see {@link dev.replicate.source.CanonicalText#text}),
 * as binary strings of UTF-8 (no collation to mix, and the md5 of the bytes).
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
 *
 * <p>Each part is as lean as it can be, as MariaDB evaluates every call for every row (a first
 * version with a CONVERT, a COLLATE and a CAST per value cost the server twice what this does).
 */
final class MysqlDigestSql implements DigestSql {
    /** Character sets whose bytes are UTF-8 already. */
    private static final Set<String> UTF8 = Set.of("utf8mb4", "utf8mb3", "utf8", "ascii", "binary");

    private final Map<String, String> characterSets;

    /** @param characterSets the character set of each text column, by name (see MysqlCatalog) */
    MysqlDigestSql(Map<String, String> characterSets) {
        this.characterSets = characterSets;
    }

    @Override
    public Optional<String> canonical(SourceColumn column, String quoted) {
        String type = column.sourceType().toLowerCase(Locale.ROOT);
        boolean zerofill = type.contains("zerofill");
        return switch (MysqlTypes.category(column.sourceType())) {
            // A number in CONCAT is its decimal digits; a zerofill column's padded text, and year's four digits
            // (0000 for the year 0), are not: those through CAST.
            case INTEGER -> Optional.of(nullable(quoted, "CONCAT('I', " + (zerofill ? "CAST(" + quoted + " AS SIGNED)" : quoted)
                    + ", ';')"));
            case YEAR -> Optional.of(nullable(quoted, "CONCAT('I', CAST(" + quoted + " AS SIGNED), ';')"));
            case BIT -> Optional.of(nullable(quoted, "CONCAT('I', CAST(" + quoted + " AS UNSIGNED), ';')"));
            // Digits, a sign and a point: nothing to escape. A negative zero loses its sign, as in BigDecimal.
            case UNSIGNED_BIGINT, DECIMAL -> zerofill ? Optional.empty() : Optional.of(nullable(quoted, "CONCAT('T', IF(" + quoted
                    + " = 0, TRIM(LEADING '-' FROM " + quoted + "), " + quoted + "), ';')"));
            case BINARY -> Optional.of(nullable(quoted, "CONCAT('B', LOWER(HEX(" + quoted + ")), ';')"));
            // json: the text the server sends for it is the one its conversion to a string gives.
            case TEXT, ENUM_SET, JSON -> Optional.of(nullable(quoted, "CONCAT('T', REPLACE(REPLACE(" + bytes(column, quoted)
                    + ", X'5C', X'5C5C'), X'3B', X'5C3B'), ';')"));
            case DOUBLE -> Optional.of(nullable(quoted, "IF(" + quoted + " = 0, 'R0000000000000000;', CONCAT('R',"
                    + " LOWER(HEX(REVERSE(SUBSTRING(ST_AsWKB(POINT(" + quoted + ", 0)), 6, 8)))), ';'))"));
            // The dates print no backslash nor semicolon: nothing to escape.
            case DATE -> Optional.of(date(quoted, "CONCAT('T', " + quoted + ", ';')"));
            case DATETIME -> Optional.of(date(quoted, "CONCAT('T', " + wallClock(quoted, fraction(column)) + ", ';')"));
            case TIMESTAMP -> Optional.of(date(quoted, "CONCAT('T', REPLACE(" + wallClock(quoted, fraction(column))
                    + ", ' ', 'T'), '+00:00;')"));
            default -> Optional.empty();
        };
    }

    /** A text column's value as a binary string of its UTF-8 bytes. */
    private String bytes(SourceColumn column, String quoted) {
        String charset = characterSets.getOrDefault(column.name(), "utf8mb4").toLowerCase(Locale.ROOT);
        return UTF8.contains(charset) ? "CAST(" + quoted + " AS BINARY)"
                : "CAST(CONVERT(" + quoted + " USING utf8mb4) AS BINARY)";
    }

    /**
     * N for NULL, tested as such: not through CONCAT of a NULL being NULL, which MariaDB's sql_mode ORACLE
     * (kept for the user's "query" and "where", see MysqlConnector) turns into CONCAT taking a NULL for ''
     * (the text of every NULL was then T;, and each row holding one "different" for ever).
     */
    private static String nullable(String quoted, String expression) {
        return "IF(" + quoted + " IS NULL, 'N', " + expression + ")";
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
        return fraction ? "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + quoted + "))" : quoted;
    }

    @Override
    public String concat(List<String> parts) {
        return "CONCAT(" + String.join(", ", parts) + ")";
    }

    @Override
    public String md5(String text) {
        return "MD5(" + text + ")";
    }

    @Override
    public String rangeDigest(String text, String key) {
        return "COUNT(*), " + md5("IFNULL(GROUP_CONCAT(" + text + " ORDER BY " + key + " SEPARATOR ''), " + emptyText()
                + ")");
    }

    /** X'', which no sql_mode reads as NULL (EMPTY_STRING_IS_NULL does the literal ''); its MD5 is that of ''. */
    @Override
    public String emptyText() {
        return "X''";
    }

    /**
     * GROUP_CONCAT cuts its text at group_concat_max_len (1024 bytes by default), with a warning only: a
     * range's text must never be cut. (A cut text could not make two ranges look equal, as the count and
     * self-delimiting forms tell, but every range would differ.) The most each server takes: MySQL's
     * bound is far above 4 GiB; MariaDB's is 1 GiB, to which it cuts a larger value, except under a strict
     * sql_mode for every table (STRICT_ALL_TABLES, which TRADITIONAL holds), where the larger value failed
     * every verify of every table with "Variable 'group_concat_max_len' can't be set to the value".
     */
    @Override
    public List<String> sessionSetup() {
        return List.of("SET SESSION group_concat_max_len = IF(VERSION() LIKE '%MariaDB%', 1073741824, 4294967295)");
    }

    /**
     * A binary string compares by its bytes, without the PAD SPACE of the _bin collations: the order of
     * SQLite's BINARY, so a bound taken from the replica splits both sides alike; but no index serves it.
     * A column whose collation orders by those bytes already ({@link SourceColumn#bytewise}, see
     * MysqlCatalog: utf8mb4 with MySQL's utf8mb4_0900_bin or MariaDB's utf8mb4_nopad_bin, NO PAD) is
     * compared as itself, the parameter a literal that takes the column's collation: the index serves
     * the range.
     */
    @Override
    public String comparedKey(SourceColumn keyColumn, String quoted) {
        return DigestRequest.text(keyColumn) && !keyColumn.bytewise() ? "CAST(CONVERT(" + quoted
                + " USING utf8mb4) AS BINARY)" : quoted;
    }

    @Override
    public String keyParameter(SourceColumn keyColumn) {
        if (!DigestRequest.text(keyColumn)) {
            return "?";
        }
        return keyColumn.bytewise() ? MysqlSource.TEXT_PARAMETER
                : "CAST(CONVERT(" + MysqlSource.TEXT_PARAMETER + " USING utf8mb4) AS BINARY)";
    }

    @Override
    public String softDeleted(String quoted, boolean flag) {
        return flag ? "COALESCE(" + quoted + " <> 0, FALSE)" : "(" + quoted + " IS NOT NULL)";
    }
}
