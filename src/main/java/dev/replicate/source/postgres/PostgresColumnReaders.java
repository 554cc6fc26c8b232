package dev.replicate.source.postgres;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TemporalText;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.jdbc.CommonReaders;
import dev.replicate.source.jdbc.IsoDates;
import dev.replicate.source.jdbc.JdbcColumn;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.postgresql.jdbc.TimestampUtils;
import org.postgresql.util.PGbytea;

/**
 * How each PostgreSQL column becomes its SQLite value, by the category {@link PostgresTypes} gives
 * it: the select expression and JDBC reader of the fetch-size path, and the field reader of the COPY
 * path, side by side because the two must give the same value. The readers are static, so that on the
 * per-value path they are calls the JIT inlines.
 */
final class PostgresColumnReaders {
    private PostgresColumnReaders() {
    }

    /** How to select and read a column; {@code quoted} is its quoted name. */
    static JdbcColumn jdbcColumn(SourceColumn column, String quoted) {
        return switch (PostgresTypes.category(column.sourceType())) {
            case "integer" -> new JdbcColumn(column, quoted, CommonReaders::readLong);
            case "boolean" -> new JdbcColumn(column, quoted, PostgresColumnReaders::readBoolean);
            case "real" -> new JdbcColumn(column, quoted, PostgresColumnReaders::readReal);
            case "double" -> new JdbcColumn(column, quoted, PostgresColumnReaders::readDouble);
            case "bytea" -> new JdbcColumn(column, quoted, ResultSet::getBytes);
            case "date" -> new JdbcColumn(column, quoted, PostgresColumnReaders::readDate);
            case "timestamp" -> new JdbcColumn(column, quoted, PostgresColumnReaders::readTimestamp);
            case "timestamptz" -> new JdbcColumn(column, quoted, PostgresColumnReaders::readTimestamptz);
            case "array" -> new JdbcColumn(column, arrayExpression(quoted, column.sourceType()),
                    (rs, i) -> array(column, rs.getString(i)));
            case "plain-text", "document" -> new JdbcColumn(column, quoted, ResultSet::getString);
            // numeric, uuid, interval, money, enums and the rest: PostgreSQL's own text form is the exact one.
            default -> new JdbcColumn(column, quoted + "::text", ResultSet::getString);
        };
    }

    /** How a COPY field becomes the value {@link #jdbcColumn}'s reader gives for the same column. */
    static PostgresCopyStream.FieldReader copyReader(SourceColumn column, TimestampUtils timestamps) {
        return copyReader(column, timestamps, false);
    }

    /**
     * The same, told whether the server prints a real as its shortest decimal ({@code shortestReals}: from
     * PostgreSQL 12, as the session's extra_float_digits 3 asks): that text's double is the reader's value
     * (the double of the float's shortest decimal), parsed without a String or a float. Before 12 the server
     * prints nine digits (1.10000002), which are read as the float they stand for.
     */
    static PostgresCopyStream.FieldReader copyReader(SourceColumn column, TimestampUtils timestamps,
                                                     boolean shortestReals) {
        return switch (PostgresTypes.category(column.sourceType())) {
            case "integer" -> PostgresCopyStream::integer;
            case "boolean" -> (f, s, e) -> e - s == 1 && f[s] == 't' ? 1L : 0L;
            case "real" -> shortestReals ? (f, s, e) -> JavaDoubleParser.parseDouble(f, s, e - s)
                    : (f, s, e) -> CommonReaders.shortestReal(Float.parseFloat(PostgresCopyStream.text(f, s, e)));
            // JavaDoubleParser: exactly Double.parseDouble's result, without building a String first.
            case "double" -> (f, s, e) -> JavaDoubleParser.parseDouble(f, s, e - s);
            case "bytea" -> (f, s, e) -> PGbytea.toBytes(Arrays.copyOfRange(f, s, e));
            case "date" -> (f, s, e) -> IsoDates.isDate(f, s, e) ? PostgresCopyStream.text(f, s, e)
                    : TemporalText.date(timestamps.toLocalDate(Arrays.copyOfRange(f, s, e)));
            case "timestamp" -> (f, s, e) -> plainTimestampEnd(f, s, e) == e ? PostgresCopyStream.text(f, s, e)
                    : TemporalText.timestamp(timestamps.toLocalDateTime(Arrays.copyOfRange(f, s, e)));
            case "timestamptz" -> (f, s, e) -> {
                if (isPlainUtc(f, s, e)) {
                    // 2024-01-01 00:00:00.5+00 -> 2024-01-01T00:00:00.5+00:00, as TemporalText.instant writes it
                    return PostgresCopyStream.text(f, s, s + 10) + "T" + PostgresCopyStream.text(f, s + 11, e - 3) + "+00:00";
                }
                return timestamptz(timestamps.toOffsetDateTime(Arrays.copyOfRange(f, s, e)));
            };
            case "array" -> (f, s, e) -> array(column, PostgresCopyStream.text(f, s, e));
            default -> PostgresCopyStream::text;
        };
    }

    /** What {@link #arrayExpression} selects for a json[] or jsonb[] array holding the JSON value null. */
    private static final String JSON_NULL = ":null";

    /**
     * An array as its JSON text, or a colon and what it cannot keep, which {@link #array} fails the
     * table on (no text of a JSON array starts with a colon):
     * <ul>
     * <li>an array whose subscripts do not all start at 1 ({@code '[0:2]={1,2,3}'}, which PostgreSQL
     * tells from {@code '{1,2,3}'}): its dimensions. A JSON array has no subscripts, so it would keep
     * the values and lose the bounds, silently. (Without a regular expression: a backslash would mean
     * another thing where standard_conforming_strings is off. Every "[1:" taken out, a "[" left is a
     * dimension that starts elsewhere.)</li>
     * <li>a json[] or jsonb[] array (or an array of a domain over them) with an element that is the
     * JSON value null: {@link #JSON_NULL}. Its JSON text prints that element as {@code null}, as it
     * prints an SQL NULL element, so one would arrive as the other.</li>
     * </ul>
     */
    static String arrayExpression(String quoted, String sourceType) {
        String element = sourceType.substring(0, sourceType.length() - "[]".length());
        String jsonNull;
        if (element.equals("json")) {
            jsonNull = "json_typeof(e) = 'null'";
        } else if (element.equals("jsonb")) {
            jsonNull = "jsonb_typeof(e) = 'null'";
        } else if (NEVER_JSON.contains(element)) {
            jsonNull = null;
        } else {
            // A domain (over json or jsonb, maybe), an enum, a composite or another type: its elements'
            // own JSON says. Only a json or jsonb value that is a SQL value prints as null.
            jsonNull = "e IS NOT NULL AND json_typeof(to_json(e)) = 'null'";
        }
        return "CASE WHEN position('[' IN replace(array_dims(" + quoted + "), '[1:', '')) > 0"
                + " THEN ':' || array_dims(" + quoted + ")"
                + (jsonNull == null ? "" : " WHEN EXISTS (SELECT FROM unnest(" + quoted + ") e WHERE " + jsonNull + ")"
                        + " THEN '" + JSON_NULL + "'")
                + " ELSE to_json(" + quoted + ")::text END";
    }

    /**
     * The built-in element types (as {@link PostgresTypes#display} names an array's element: the type's
     * own name, the integer, float, boolean, timestamp and character ones spelt out) whose values never
     * print as the JSON null: their arrays skip {@link #arrayExpression}'s look at each element.
     */
    private static final java.util.Set<String> NEVER_JSON = java.util.Set.of("smallint", "integer", "bigint", "real",
            "double precision", "boolean", "character varying", "character", "timestamp without time zone",
            "timestamp with time zone", "numeric", "text", "name", "char", "bytea", "date", "time", "timetz",
            "interval", "uuid", "inet", "cidr", "macaddr", "macaddr8", "bit", "varbit", "money", "oid", "xml",
            "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle", "int4range",
            "int8range", "numrange", "tsrange", "tstzrange", "daterange");

    /** The JSON text {@link #arrayExpression} selected; an array it cannot keep fails clearly. */
    static String array(SourceColumn column, String text) throws SQLException {
        if (JSON_NULL.equals(text)) {
            throw new SQLException("the column " + column.name() + " holds the JSON value null in an array ("
                    + column.sourceType() + "), which the replica's JSON array cannot tell from an SQL NULL element"
                    + " (both are null there): exclude the column (\"excludeColumns\"), or replicate a query that"
                    + " selects it as text");
        }
        if (text != null && text.startsWith(":")) {
            throw new SQLException("the column " + column.name() + " holds an array whose subscripts do not start at 1 ("
                    + text.substring(1) + "), which a JSON array cannot keep (it has no subscripts): exclude the column"
                    + " (\"excludeColumns\"), or replicate a query that selects it as text or from 1");
        }
        return text;
    }

    /**
     * A position field (a watermark, or a key) as the Java type of its kind, as
     * {@link dev.replicate.source.jdbc.JdbcSource#readPosition} reads it.
     */
    static PostgresCopyStream.FieldReader positionReader(WatermarkKind kind, TimestampUtils timestamps) {
        return switch (kind) {
            case INTEGER -> PostgresCopyStream::integer;
            case DECIMAL -> (f, s, e) -> new BigDecimal(PostgresCopyStream.text(f, s, e));
            case TEXT -> PostgresCopyStream::text;
            case DATE -> (f, s, e) -> IsoDates.isDate(f, s, e) ? IsoDates.date(f, s)
                    : timestamps.toLocalDate(Arrays.copyOfRange(f, s, e));
            case TIMESTAMP -> (f, s, e) -> plainTimestampEnd(f, s, e) == e
                    ? IsoDates.dateTime(f, s, e)
                    : timestamps.toLocalDateTime(Arrays.copyOfRange(f, s, e));
            case TIMESTAMPTZ -> (f, s, e) -> isPlainUtc(f, s, e)
                    ? IsoDates.dateTime(f, s, e - 3).toInstant(ZoneOffset.UTC)
                    : TemporalText.toInstant(timestamps.toOffsetDateTime(Arrays.copyOfRange(f, s, e)));
        };
    }

    /** Where a plain timestamp as PostgreSQL prints it (at most six fractional digits) ends, or -1. */
    private static int plainTimestampEnd(byte[] f, int s, int e) {
        return IsoDates.dateTimeEnd(f, s, e, 6);
    }

    /** A plain timestamp followed by the UTC offset {@code +00}, as the session (UTC) prints instants. */
    private static boolean isPlainUtc(byte[] f, int s, int e) {
        int end = plainTimestampEnd(f, s, e);
        return end > 0 && end == e - 3 && f[end] == '+' && f[end + 1] == '0' && f[end + 2] == '0';
    }

    private static Object readBoolean(ResultSet rs, int index) throws SQLException {
        boolean value = rs.getBoolean(index);
        return rs.wasNull() ? null : (value ? 1L : 0L);
    }

    /** A real's shortest decimal form, as PostgreSQL prints it (1.1, not 1.100000023841858). */
    private static Object readReal(ResultSet rs, int index) throws SQLException {
        float value = rs.getFloat(index);
        return rs.wasNull() ? null : CommonReaders.shortestReal(value);
    }

    private static Object readDouble(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? null : value;
    }

    private static Object readDate(ResultSet rs, int index) throws SQLException {
        LocalDate value = rs.getObject(index, LocalDate.class);
        return value == null ? null : TemporalText.date(value);
    }

    private static Object readTimestamp(ResultSet rs, int index) throws SQLException {
        LocalDateTime value = rs.getObject(index, LocalDateTime.class);
        return value == null ? null : TemporalText.timestamp(value);
    }

    private static Object readTimestamptz(ResultSet rs, int index) throws SQLException {
        return timestamptz(rs.getObject(index, OffsetDateTime.class));
    }

    /** A timestamptz's SQLite text; shared by the JDBC and the COPY readers. */
    static Object timestamptz(OffsetDateTime value) {
        if (value == null) {
            return null;
        }
        return TemporalText.instant(TemporalText.toInstant(value));
    }
}
