package dev.replicate.source.mysql;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import dev.replicate.source.IntegerText;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TemporalText;
import dev.replicate.source.jdbc.ColumnReader;
import dev.replicate.source.jdbc.CommonReaders;
import dev.replicate.source.jdbc.IsoDates;
import dev.replicate.source.jdbc.JdbcColumn;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How each MySQL column is selected and read, by the category {@link MysqlTypes} gives it, so that
 * every value stays exact. The readers are static (one inlined call per value), but for the date and
 * time ones, which store a zero date as NULL and note it once per column and read.
 */
final class MysqlColumnReaders {
    /** Columns that already produced a zero-date warning in the current read: one warning per column. */
    private final Set<String> warnedColumns = new HashSet<>();
    private final Consumer<String> warnings;

    /** @param warnings where the notes for the run log go */
    MysqlColumnReaders(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** A read starts: its zero dates are noted again. */
    void newRead() {
        warnedColumns.clear();
    }

    /** How to select and read a column; {@code quoted} is its quoted name. */
    JdbcColumn column(SourceColumn column, String quoted) {
        String name = column.name();
        return switch (MysqlTypes.category(column.sourceType())) {
            case INTEGER -> new JdbcColumn(column, quoted, MysqlColumnReaders::readInteger);
            case YEAR, BIT -> new JdbcColumn(column, quoted, CommonReaders::readLong);
            case UNSIGNED_BIGINT, DECIMAL -> new JdbcColumn(column, quoted, MysqlColumnReaders::readDecimalText);
            case BIT64 -> new JdbcColumn(column, quoted, MysqlColumnReaders::readDecimal);
            // The text protocol prints a float with six digits (123456792 as 123457000); as a double
            // it is printed exactly, and narrowing it back to float is exact. (CAST AS DOUBLE: MySQL
            // 8.0.17 and newer, MariaDB.)
            case FLOAT -> new JdbcColumn(column, "CAST(" + quoted + " AS DOUBLE)", MysqlColumnReaders::readFloat);
            case DOUBLE -> new JdbcColumn(column, quoted, MysqlColumnReaders::readDouble);
            case BINARY -> new JdbcColumn(column, quoted, ResultSet::getBytes);
            case DATE -> new JdbcColumn(column, quoted, dateReader(name));
            case DATETIME -> new JdbcColumn(column, quoted, datetimeReader(name));
            case TIMESTAMP -> new JdbcColumn(column, quoted, timestampReader(name));
            // A time is a duration up to ±838:59:59, which no java.time type holds: the server's text.
            case TIME -> new JdbcColumn(column, "CAST(" + quoted + " AS CHAR)", MysqlColumnReaders::readTime);
            case SPATIAL -> new JdbcColumn(column, "ST_AsText(" + quoted + ")", ResultSet::getString);
            // With a '' member, an enum's error value (index 0) and a set of that member alone print as
            // another value does (''): the number tells them apart, and such a value fails the table. A NULL
            // tested as such: under MariaDB's sql_mode ORACLE, CONCAT takes it for '' (it read as '').
            case ENUM_SET -> MysqlTypes.hasEmptyMember(column.sourceType())
                    ? new JdbcColumn(column, "IF(" + quoted + " IS NULL, NULL, CONCAT(" + quoted + " + 0, ':', " + quoted + "))",
                            emptyMemberReader(name, column.sourceType().toLowerCase(java.util.Locale.ROOT).startsWith("enum")))
                    : new JdbcColumn(column, quoted, ResultSet::getString);
            // Text, enum, set, json and the rest: the server's own text form is the exact one.
            default -> new JdbcColumn(column, quoted, ResultSet::getString);
        };
    }

    /**
     * Reads an enum's or set's "number:text" (see {@link #column}): the text, unless it is the empty
     * text of a value that another prints alike: an enum's error value (0, when '' is also a member),
     * or a set holding its '' member alone (not 0, while the empty set is 0 and prints the same).
     */
    private static ColumnReader emptyMemberReader(String name, boolean isEnum) {
        return (rs, index) -> {
            String both = rs.getString(index);
            if (both == null) {
                return null;
            }
            int colon = both.indexOf(':');
            String text = both.substring(colon + 1);
            boolean zero = colon == 1 && both.charAt(0) == '0';
            if (isEnum && zero) {
                throw new SQLException("the column " + name + " holds the error value of its enum (number 0, which"
                        + " a non-strict sql_mode stores for a value that is no member): it prints '', as its member ''"
                        + " does, so the replica could not tell them apart; set the row to a member at the source");
            }
            if (!isEnum && !zero && text.isEmpty()) {
                throw new SQLException("the column " + name + " holds the set of its '' member alone: it prints '',"
                        + " as the empty set does, so the replica could not tell them apart; change the row at the"
                        + " source, or the set's members");
            }
            return text;
        };
    }

    /**
     * An integer column (not bit, which comes as raw bytes): the server's decimal digits read
     * directly (IntegerText), one driver call instead of getLong and wasNull, each a chain of
     * Connector/J layers; anything else, such as a 19- or 20-digit value, through getLong as before.
     */
    private static Object readInteger(ResultSet rs, int index) throws SQLException {
        byte[] text = rs.getBytes(index);
        if (text == null) {
            return null;
        }
        Long value = IntegerText.plain(text, 0, text.length);
        return value != null ? value : CommonReaders.readLong(rs, index);
    }

    /**
     * A decimal or unsigned bigint as the server printed it, when that is already the plain form
     * readDecimal would give ([-]digits[.digits], not a negative zero, which BigDecimal drops the sign
     * of, and not zero-padded); anything else goes through readDecimal. Skips a BigDecimal per value
     * on a first sync.
     */
    private static Object readDecimalText(ResultSet rs, int index) throws SQLException {
        byte[] text = rs.getBytes(index);
        if (text == null) {
            return null;
        }
        return plainDecimal(text) ? new String(text, StandardCharsets.ISO_8859_1) : readDecimal(rs, index);
    }

    /**
     * {@code -?[0-9]+(\.[0-9]+)?}, with some digit other than 0 when it is negative, and no leading
     * zero before another digit (a ZEROFILL column's padding, which BigDecimal drops).
     */
    static boolean plainDecimal(byte[] text) {
        int start = text.length > 0 && text[0] == '-' ? 1 : 0;
        if (text.length > start + 1 && text[start] == '0' && text[start + 1] >= '0' && text[start + 1] <= '9') {
            return false;
        }
        boolean point = false;
        boolean nonZero = false;
        int digitsBefore = 0;
        int digitsAfter = 0;
        for (int i = start; i < text.length; i++) {
            byte b = text[i];
            if (b >= '0' && b <= '9') {
                nonZero |= b != '0';
                if (point) {
                    digitsAfter++;
                } else {
                    digitsBefore++;
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digitsBefore > 0 && (!point || digitsAfter > 0) && (start == 0 || nonZero);
    }

    private static Object readDecimal(ResultSet rs, int index) throws SQLException {
        BigDecimal value = rs.getBigDecimal(index);
        return value == null ? null : value.toPlainString();
    }

    /** A float's shortest decimal form, as the PostgreSQL real reader gives it (1.1, not 1.100000023841858). */
    private static Object readFloat(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? null : CommonReaders.shortestReal((float) value);
    }

    /**
     * The server's text of the double, parsed as Connector/J's getDouble would (Double.parseDouble),
     * by JavaDoubleParser, which gives the same double several times faster.
     */
    private static Object readDouble(ResultSet rs, int index) throws SQLException {
        byte[] text = rs.getBytes(index);
        return text == null ? null : JavaDoubleParser.parseDouble(text);
    }

    private static Object readTime(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : MysqlTemporalText.time(text);
    }

    // The date and time readers take the value as the server sent it. Connector/J's getString on a date
    // column parses the value into its own objects and formats it back with String.format and regular
    // expressions, which cost more than the rest of a row; getBytes hands over the text protocol's bytes
    // untouched: the server's canonical form, which MysqlTemporalText reads directly. (An earlier version
    // selected CAST(column AS CHAR) for this; the cast cost the server about a tenth of its time on a
    // first sync, measured in bench/.) Anything else takes the driver's parsers.

    private ColumnReader dateReader(String column) {
        return (rs, index) -> {
            byte[] text = dateText(column, rs, index);
            return text == null ? null : IsoDates.isDate(text, 0, text.length) ? MysqlTemporalText.text(text)
                    : TemporalText.date(rs.getObject(index, LocalDate.class));
        };
    }

    private ColumnReader datetimeReader(String column) {
        return (rs, index) -> {
            byte[] text = dateText(column, rs, index);
            return text == null ? null : MysqlTemporalText.isDateTime(text) ? MysqlTemporalText.wallClock(text)
                    : TemporalText.timestamp(rs.getObject(index, LocalDateTime.class));
        };
    }

    /** A timestamp arrives as the session's wall clock, which is UTC: that is its instant. */
    private ColumnReader timestampReader(String column) {
        return (rs, index) -> {
            byte[] text = dateText(column, rs, index);
            return text == null ? null : MysqlTemporalText.isDateTime(text) ? MysqlTemporalText.instant(text)
                    : TemporalText.instant(rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        };
    }

    /** A date or time value's bytes; null for NULL and for a zero date, which is stored as NULL. */
    private byte[] dateText(String column, ResultSet rs, int index) throws SQLException {
        byte[] text = rs.getBytes(index);
        return text == null || zeroDate(column, text) ? null : text;
    }

    /** True, with a warning the first time per column and read, when the value is a zero date. */
    private boolean zeroDate(String column, byte[] text) {
        if (!MysqlTemporalText.isZeroDate(text)) {
            return false;
        }
        if (warnedColumns.add(column)) {
            warnings.accept("column " + column + " holds zero dates such as " + MysqlTemporalText.text(text)
                    + ", which are not dates: stored as NULL (reported once per column and run)");
        }
        return true;
    }
}
