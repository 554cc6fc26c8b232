package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.WatermarkKind;
import java.util.Locale;
import java.util.Optional;

/**
 * The MySQL and MariaDB type table: how each type is stored in SQLite, and which types can be
 * watermarks. Decided from the reflected metadata (information_schema.COLUMNS: DATA_TYPE and
 * COLUMN_TYPE, which alone tells unsigned and the widths), never from values.
 */
final class MysqlTypes {
    private MysqlTypes() {
    }

    /** The conversion families; each has one select expression and one reader in {@link MysqlSource}. */
    enum Category {
        /** Every integer that fits a signed 64-bit long, including tinyint(1) and bool (the stored number). */
        INTEGER,
        /** bigint unsigned: up to 2^64-1, kept as its exact decimal text. */
        UNSIGNED_BIGINT,
        /** decimal and numeric: the exact plain decimal text with its scale. */
        DECIMAL,
        /** float: a 4-byte float, kept as its shortest decimal form. */
        FLOAT,
        /** double and real. */
        DOUBLE,
        /** char, varchar and the text kinds (MariaDB's json, a longtext, lands here too). */
        TEXT,
        /** enum and set: text, but MySQL orders them by position, not as text, so never a watermark. */
        ENUM_SET,
        /** MySQL's json type. */
        JSON,
        /** binary, varbinary and the blob kinds. */
        BINARY,
        DATE,
        /** datetime: a wall-clock time. */
        DATETIME,
        /** timestamp: an instant, shown by the server in the session's zone. */
        TIMESTAMP,
        /** time: a duration of up to ±838 hours, not a time of day. */
        TIME,
        YEAR,
        /** bit(1) to bit(63). */
        BIT,
        /** bit(64): like bigint unsigned, its exact decimal text. */
        BIT64,
        /** geometry and its kinds, as well-known text. */
        SPATIAL,
        /** Anything else (MariaDB's uuid, inet4, inet6 ...): the server's own text form. */
        OTHER
    }

    /**
     * A reflected column, from information_schema.COLUMNS. Its source type is COLUMN_TYPE as the
     * server shows it ({@code bigint(20) unsigned}, {@code decimal(65,30)}, {@code enum('a','b')}),
     * which is all that {@link #category(String)} needs.
     */
    static SourceColumn column(String name, String dataType, String columnType) {
        String display = columnType == null || columnType.isBlank() ? dataType : columnType;
        Category category = category(display);
        return new SourceColumn(name, display, sqliteType(category), watermarkKind(category));
    }

    /**
     * The conversion family of a column type as COLUMN_TYPE shows it: the base type (DATA_TYPE) is
     * the first word, and the rest tells unsigned and widths.
     */
    static Category category(String columnType) {
        String full = columnType.toLowerCase(Locale.ROOT).strip();
        int end = 0;
        while (end < full.length() && full.charAt(end) != '(' && full.charAt(end) != ' ') {
            end++;
        }
        String type = full.substring(0, end);
        boolean unsigned = full.contains(" unsigned") || full.contains(" zerofill");
        return switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bool", "boolean" -> Category.INTEGER;
            case "bigint" -> unsigned ? Category.UNSIGNED_BIGINT : Category.INTEGER;
            case "decimal", "numeric", "dec", "fixed" -> Category.DECIMAL;
            case "float" -> Category.FLOAT;
            case "double", "real" -> Category.DOUBLE;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> Category.TEXT;
            case "enum", "set" -> Category.ENUM_SET;
            case "json" -> Category.JSON;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Category.BINARY;
            case "date" -> Category.DATE;
            case "datetime" -> Category.DATETIME;
            case "timestamp" -> Category.TIMESTAMP;
            case "time" -> Category.TIME;
            case "year" -> Category.YEAR;
            case "bit" -> bitWidth(full) >= 64 ? Category.BIT64 : Category.BIT;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> Category.SPATIAL;
            default -> Category.OTHER;
        };
    }

    /**
     * What decides how a value of a column type prints (see Source#spellsAlike): two types of one
     * spelling print every value both can hold alike. Every integer that is read as one, whatever its
     * width, display width or sign; a char by itself and a varchar or text kind by itself, whatever their
     * lengths (MySQL pads neither when it reads them; a varchar made char loses its values' trailing
     * spaces, so the two stay apart); a decimal by its scale alone (decimal(10,2) and decimal(12,2) both
     * print 1.50). Any other type only as itself.
     */
    static String spelling(String columnType) {
        String full = columnType.toLowerCase(Locale.ROOT).strip();
        return switch (category(full)) {
            case INTEGER -> "integer";
            case TEXT -> full.startsWith("char") ? "char" : "text";
            case DECIMAL -> full.contains("zerofill") ? full : "decimal of scale " + decimalScale(full);
            default -> full;
        };
    }

    /** The D of decimal(M,D); 0 when it is not given, as MySQL takes it. */
    private static String decimalScale(String columnType) {
        int comma = columnType.indexOf(',');
        int close = columnType.indexOf(')');
        return comma < 0 || close < comma ? "0" : columnType.substring(comma + 1, close).strip();
    }

    static SqliteType sqliteType(Category category) {
        return switch (category) {
            case INTEGER, YEAR, BIT -> SqliteType.INTEGER;
            case FLOAT, DOUBLE -> SqliteType.REAL;
            case BINARY -> SqliteType.BLOB;
            default -> SqliteType.TEXT;
        };
    }

    static Optional<WatermarkKind> watermarkKind(Category category) {
        return Optional.ofNullable(switch (category) {
            case INTEGER, YEAR -> WatermarkKind.INTEGER;
            case UNSIGNED_BIGINT, DECIMAL -> WatermarkKind.DECIMAL;
            case DATE -> WatermarkKind.DATE;
            case DATETIME -> WatermarkKind.TIMESTAMP;
            case TIMESTAMP -> WatermarkKind.TIMESTAMPTZ;
            case TEXT -> WatermarkKind.TEXT;
            default -> null;
        });
    }

    /**
     * Whether an enum's or set's type ({@code enum('','x')}, as information_schema shows it, each
     * quote in a member doubled) has the empty text among its members.
     */
    static boolean hasEmptyMember(String columnType) {
        int i = columnType.indexOf('(') + 1;
        if (i == 0) {
            return false;
        }
        while (i < columnType.length() && columnType.charAt(i) == '\'') {
            int start = i + 1;
            int j = start;
            while (j < columnType.length()) {
                if (columnType.charAt(j) == '\'') {
                    if (j + 1 < columnType.length() && columnType.charAt(j + 1) == '\'') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j++;
            }
            if (j == start) {
                return true;
            }
            i = j + 2; // past the closing quote and the comma (or the closing parenthesis)
        }
        return false;
    }

    /** The M of bit(M); 1 when no width is given. */
    private static int bitWidth(String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return 1;
        }
        try {
            return Integer.parseInt(columnType.substring(open + 1, close).trim());
        } catch (NumberFormatException e) {
            return 64;
        }
    }
}
