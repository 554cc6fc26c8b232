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
 * <p>Handed to Java instead, exact by construction: float and double (the reader reparses the text),
 * the dates and times (zero dates become NULL), zerofill decimals, bit(64), json, spatial and the
 * other types, whose text the reader takes in ways SQL would have to imitate.
 */
final class MysqlDigestSql implements DigestSql {

    @Override
    public Optional<String> canonical(SourceColumn column, String quoted) {
        boolean zerofill = column.sourceType().toLowerCase(Locale.ROOT).contains("zerofill");
        return switch (MysqlTypes.category(column.sourceType())) {
            case INTEGER, YEAR -> Optional.of(notNull(quoted, "CONCAT('I', CAST(" + quoted + " AS SIGNED), ';')"));
            case BIT -> Optional.of(notNull(quoted, "CONCAT('I', CAST(" + quoted + " AS UNSIGNED), ';')"));
            case UNSIGNED_BIGINT, DECIMAL -> zerofill ? Optional.empty() : Optional.of(text(quoted,
                    "IF(" + quoted + " = 0, TRIM(LEADING '-' FROM CAST(" + quoted + " AS CHAR)), CAST(" + quoted
                            + " AS CHAR))"));
            case BINARY -> Optional.of(notNull(quoted, "CONCAT('B', LOWER(HEX(" + quoted + ")), ';')"));
            case TEXT, ENUM_SET -> Optional.of(text(quoted, quoted));
            default -> Optional.empty();
        };
    }

    private static String notNull(String quoted, String expression) {
        return "IF(" + quoted + " IS NULL, 'N', " + expression + ")";
    }

    /** T, the length in characters, a colon, the text: all as utf8mb4 with a binary collation (no collation mix). */
    private static String text(String quoted, String expression) {
        String utf8 = "CONVERT(" + expression + " USING utf8mb4) COLLATE utf8mb4_bin";
        return notNull(quoted, "CONCAT('T', CHAR_LENGTH(" + utf8 + "), ':', " + utf8 + ")");
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
    public String sums(String hex) {
        // SUM of BIGINT UNSIGNED is a DECIMAL: exact however many rows.
        return "COUNT(*), SUM(CAST(CONV(SUBSTRING(" + hex + ", 1, 15), 16, 10) AS UNSIGNED)),"
                + " SUM(CAST(CONV(SUBSTRING(" + hex + ", 16, 15), 16, 10) AS UNSIGNED))";
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
