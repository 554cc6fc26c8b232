package dev.replicate.source.mysql;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import dev.replicate.source.IntegerText;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.TemporalText;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.jdbc.ColumnReader;
import dev.replicate.source.jdbc.JdbcColumn;
import dev.replicate.source.jdbc.JdbcSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB database: reflection from information_schema, streaming result sets, and
 * readers that keep every value exact (see {@link MysqlTypes} for the type table).
 */
final class MysqlSource extends JdbcSource {

    private static final String COLUMNS_SQL = """
            SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
            ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION""";

    private static final String PRIMARY_KEY_SQL = """
            SELECT COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY ORDINAL_POSITION""";

    /** MariaDB only: MySQL's CHECK_CONSTRAINTS has no TABLE_NAME. */
    private static final String CHECKS_SQL = """
            SELECT CONSTRAINT_NAME, CHECK_CLAUSE
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?""";

    /** A date as the server prints it, zero parts and all: 2024-05-01, 0000-00-00, 2024-05-00. */
    private static final Pattern DATE_TEXT = Pattern.compile("^(\\d{1,4})-(\\d{1,2})-(\\d{1,2})");
    /** A time value as the server prints it: -838:59:59.500000. */
    private static final Pattern TIME_TEXT = Pattern.compile("(-?)(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");

    /** Columns that already produced a zero-date warning in the current read: one warning per column. */
    private final Set<String> warnedColumns = new HashSet<>();
    /** The NOT NULL columns of each reflected table, as last reflected. */
    private final Map<TableName, Set<String>> notNullColumns = new HashMap<>();

    MysqlSource(Connection connection, String database) {
        super(connection, database);
    }

    @Override
    protected String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** A session variable's value as this source's session sees it, as text (for tests and diagnostics). */
    String sessionVariable(String name) throws SQLException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a variable name: " + name);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT @@session." + name)) {
            rs.next();
            return rs.getString(1);
        } finally {
            endStatement();
        }
    }

    /** InnoDB's estimate in information_schema.TABLES (it may be off by tens of percent). */
    @Override
    public OptionalLong estimatedRows(TableSchema table) throws SQLException {
        return queryAboutTable("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                table.name(), rs -> rs.getLong(1)).filter(rows -> rows > 0).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Key order for integer keys and char/varchar keys (a text or blob key is a prefix key, which
     * neither orders nor compares the whole value), for every table but MERGE ones: a MERGE table's
     * key is not unique across the tables it unites. (InnoDB, the usual engine, even stores rows in
     * key order, so the read costs no sort.)
     */
    @Override
    public boolean readsInKeyOrder(TableSchema table, SourceColumn key) throws SQLException {
        String type = key.sourceType().toLowerCase(java.util.Locale.ROOT);
        if (key.watermarkKind().equals(Optional.of(WatermarkKind.TEXT))
                && !type.startsWith("char(") && !type.startsWith("varchar(")) {
            return false;
        }
        return queryAboutTable("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                table.name(), rs -> rs.getString(1))
                .filter(engine -> !engine.toUpperCase(java.util.Locale.ROOT).startsWith("MRG_")).isPresent();
    }

    @Override
    protected TableSchema reflectResolved(TableName table) throws SQLException, SourceException {
        String schema = table.schema().orElseThrow();
        // information_schema may compare names without regard to case (MariaDB always does; MySQL when
        // lower_case_table_names is set). Take the exact name when it exists, else the one table that
        // matches regardless of case, under its real name so that the queries find it.
        Map<TableName, List<SourceColumn>> found = new LinkedHashMap<>();
        Map<TableName, Set<String>> notNull = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, schema);
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    TableName name = new TableName(Optional.of(rs.getString(1)), rs.getString(2));
                    found.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(MysqlTypes.column(rs.getString(3), rs.getString(4), rs.getString(5)));
                    if ("NO".equals(rs.getString(6))) {
                        notNull.computeIfAbsent(name, n -> new HashSet<>()).add(rs.getString(3));
                    }
                }
            }
        } finally {
            endStatement();
        }
        TableName resolved = found.containsKey(table) ? table
                : found.size() == 1 ? found.keySet().iterator().next() : null;
        if (resolved == null) {
            throw new SourceException("table " + table + " does not exist at the source, or the user may not read it");
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY_SQL)) {
            statement.setString(1, resolved.schema().orElseThrow());
            statement.setString(2, resolved.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        } finally {
            endStatement();
        }
        // As last reflected: a column that lost its NOT NULL since is counted again.
        notNullColumns.put(resolved, Set.copyOf(notNull.getOrDefault(resolved, Set.of())));
        return new TableSchema(resolved, mariadbJson(resolved, found.get(resolved)), List.copyOf(key));
    }

    /**
     * MariaDB's json is an alias: the column is a longtext with the check json_valid(`column`). Such
     * columns are shown and treated as json (the value is the same text either way).
     */
    private List<SourceColumn> mariadbJson(TableName table, List<SourceColumn> columns) throws SQLException {
        if (columns.stream().noneMatch(c -> c.sourceType().equalsIgnoreCase("longtext"))
                || !connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            return List.copyOf(columns);
        }
        Set<String> json = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(CHECKS_SQL)) {
            statement.setString(1, table.schema().orElseThrow());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    if (("json_valid(" + quote(column) + ")").equalsIgnoreCase(rs.getString(2).strip())) {
                        json.add(column);
                    }
                }
            }
        } finally {
            endStatement();
        }
        return columns.stream()
                .map(c -> json.contains(c.name()) && c.sourceType().equalsIgnoreCase("longtext")
                        ? MysqlTypes.column(c.name(), "json", "json") : c)
                .toList();
    }

    /**
     * A NOT NULL column has no NULLs to count, and must not be asked: for the sake of old ODBC
     * programs, MySQL and MariaDB let {@code col IS NULL} in a WHERE clause match the zero date of a
     * NOT NULL date column, rows that the cursor query does read.
     */
    @Override
    public long countNullWatermarks(TableSchema table, SourceColumn watermark) throws SQLException {
        if (notNullColumns.getOrDefault(table.name(), Set.of()).contains(watermark.name())) {
            return 0;
        }
        return super.countNullWatermarks(table, watermark);
    }

    @Override
    protected JdbcColumn jdbcColumn(SourceColumn column) {
        String quoted = quote(column.name());
        String name = column.name();
        return switch (MysqlTypes.category(column.sourceType())) {
            case INTEGER -> new JdbcColumn(column, quoted, MysqlSource::readInteger);
            case YEAR, BIT -> new JdbcColumn(column, quoted, MysqlSource::readLong);
            case UNSIGNED_BIGINT, DECIMAL -> new JdbcColumn(column, quoted, MysqlSource::readDecimalText);
            case BIT64 -> new JdbcColumn(column, quoted, MysqlSource::readDecimal);
            // The text protocol prints a float with six digits (123456792 as 123457000); as a double
            // it is printed exactly, and narrowing it back to float is exact. (CAST AS DOUBLE: MySQL
            // 8.0.17 and newer, MariaDB.)
            case FLOAT -> new JdbcColumn(column, "CAST(" + quoted + " AS DOUBLE)", MysqlSource::readFloat);
            case DOUBLE -> new JdbcColumn(column, quoted, MysqlSource::readDouble);
            case BINARY -> new JdbcColumn(column, quoted, ResultSet::getBytes);
            case DATE -> new JdbcColumn(column, quoted, dateReader(name));
            case DATETIME -> new JdbcColumn(column, quoted, datetimeReader(name));
            case TIMESTAMP -> new JdbcColumn(column, quoted, timestampReader(name));
            // A time is a duration up to ±838:59:59, which no java.time type holds: the server's text.
            case TIME -> new JdbcColumn(column, "CAST(" + quoted + " AS CHAR)", MysqlSource::readTime);
            case SPATIAL -> new JdbcColumn(column, "ST_AsText(" + quoted + ")", ResultSet::getString);
            // Text, enum, set, json and the rest: the server's own text form is the exact one.
            default -> new JdbcColumn(column, quoted, ResultSet::getString);
        };
    }

    /**
     * Connector/J streams a result set row by row when the statement is forward-only and read-only
     * with a fetch size of Integer.MIN_VALUE; any other fetch size reads the whole result into memory
     * first. The alternative, useCursorFetch=true, needs server-side prepared statements and a
     * server-side temporary table for the cursor; streaming needs neither, and works the same on
     * MySQL and MariaDB. Its one constraint, that the connection runs nothing else until the result
     * set is closed, suits the engine, which reads one table at a time. A slow reader is covered by
     * the session's net_write_timeout of 600 s (MysqlConnector#SESSION_SETUP).
     */
    @Override
    protected PreparedStatement prepareStreaming(String sql, int fetchSize) throws SQLException {
        warnedColumns.clear();
        PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Integer.MIN_VALUE);
        return statement;
    }

    /**
     * A date or time column's value as the server sent it. Connector/J's getString on a date column
     * parses the value into its own objects and formats it back with String.format and regular
     * expressions, which cost more than the rest of a row; getBytes hands over the text protocol's
     * bytes untouched: the server's canonical form (YYYY-MM-DD[ HH:MM:SS[.ffffff]], ASCII), which the
     * fast paths below read directly. (An earlier version selected CAST(column AS CHAR) for this; the
     * cast cost the server about a tenth of its time on a first sync, measured in bench/.)
     */
    private static String serverText(ResultSet rs, int index) throws SQLException {
        byte[] bytes = rs.getBytes(index);
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Binds a position (a watermark, or a key) as a literal we format ourselves when it is a date or time. Connector/J renders java.time values
     * without their fraction for servers it takes to be older than 5.6.4, and MariaDB 10 announces
     * itself as 5.5.5-10.x, so setObject would drop the microseconds. A string compared with a date
     * or time column is converted to that column's type by the server, so the comparison stays exact
     * and typed. Instants are written as UTC wall clock, the session's zone.
     */
    @Override
    protected void bindPosition(PreparedStatement statement, int index, WatermarkKind kind, Object value)
            throws SQLException {
        switch (kind) {
            case DATE -> statement.setString(index, literal((LocalDate) value));
            case TIMESTAMP -> statement.setString(index, literal((LocalDateTime) value));
            case TIMESTAMPTZ -> statement.setString(index,
                    literal(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC)));
            // A decimal stays a number (setBigDecimal writes its plain form): compared with a string,
            // MySQL would compare as floating point.
            default -> super.bindPosition(statement, index, kind, value);
        }
    }

    /**
     * Yes: year and bit columns are read with getLong (readLong), and integer columns give the Long
     * getLong gives (readInteger), as readPosition reads INTEGER.
     */
    @Override
    protected boolean integerPositionIsColumnValue() {
        return true;
    }

    /**
     * Reads a position (a watermark, or a key). Dates and times are checked for zero dates first; a zero date reads as
     * the smallest value a real date can take, so it still orders first and is never null.
     */
    @Override
    protected Object readPosition(ResultSet rs, int index, WatermarkKind kind) throws SQLException {
        return switch (kind) {
            case DATE -> {
                String text = serverText(rs, index);
                yield isZeroDate(text) ? floorDate(text)
                        : canonicalDate(text) ? parseWallClock(text + " 00:00:00").toLocalDate() : rs.getObject(index, LocalDate.class);
            }
            case TIMESTAMP -> {
                String text = serverText(rs, index);
                yield isZeroDate(text) ? floorDate(text).atStartOfDay()
                        : canonicalDateTime(text) ? parseWallClock(text) : rs.getObject(index, LocalDateTime.class);
            }
            case TIMESTAMPTZ -> {
                // A timestamp arrives as the session's (UTC) wall clock.
                String text = serverText(rs, index);
                yield isZeroDate(text) ? Instant.EPOCH
                        : (canonicalDateTime(text) ? parseWallClock(text) : rs.getObject(index, LocalDateTime.class))
                        .toInstant(ZoneOffset.UTC);
            }
            default -> super.readPosition(rs, index, kind);
        };
    }

    /**
     * A date-time literal to the microsecond. A lookback may reach before the year 0, which the
     * server cannot parse: such values become 0000-01-01, before every real date.
     */
    static String literal(LocalDateTime value) {
        LocalDateTime clamped = value.getYear() < 0 ? LocalDate.of(0, 1, 1).atStartOfDay() : value;
        return literal(clamped.toLocalDate()) + " " + TemporalText.time(clamped.toLocalTime());
    }

    static String literal(LocalDate value) {
        return value.getYear() < 0 ? "0000-01-01" : value.toString();
    }

    // --- readers ---------------------------------------------------------------------------------

    private static Object readLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
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
        return value != null ? value : readLong(rs, index);
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
        return rs.wasNull() ? null : Double.valueOf(Float.toString((float) value));
    }

    /**
     * The server's text of the double, parsed as Connector/J's getDouble would (Double.parseDouble),
     * by JavaDoubleParser, which gives the same double several times faster.
     */
    private static Object readDouble(ResultSet rs, int index) throws SQLException {
        byte[] text = rs.getBytes(index);
        return text == null ? null : JavaDoubleParser.parseDouble(text);
    }

    /** HH:MM:SS[.ffffff] without trailing zeros, as for PostgreSQL; hours may pass 24 or be negative. */
    static String time(String text) {
        Matcher m = TIME_TEXT.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        StringBuilder out = new StringBuilder(m.group(1));
        String hours = m.group(2);
        out.append(hours.length() < 2 ? "0" + hours : hours).append(':').append(m.group(3)).append(':').append(m.group(4));
        String fraction = m.group(5) == null ? "" : m.group(5).replaceFirst("0+$", "");
        if (!fraction.isEmpty()) {
            out.append('.').append(fraction);
        }
        return out.toString();
    }

    private static Object readTime(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : time(text);
    }

    private ColumnReader dateReader(String column) {
        return (rs, index) -> {
            String text = serverText(rs, index);
            if (text == null || zeroDate(column, text)) {
                return null;
            }
            return text.length() == 10 && canonicalDate(text) ? text : TemporalText.date(rs.getObject(index, LocalDate.class));
        };
    }

    private ColumnReader datetimeReader(String column) {
        return (rs, index) -> {
            String text = serverText(rs, index);
            if (text == null || zeroDate(column, text)) {
                return null;
            }
            return canonicalDateTime(text) ? wallClock(text) : TemporalText.timestamp(rs.getObject(index, LocalDateTime.class));
        };
    }

    /** A timestamp arrives as the session's wall clock, which is UTC: that is its instant. */
    private ColumnReader timestampReader(String column) {
        return (rs, index) -> {
            String text = serverText(rs, index);
            if (text == null || zeroDate(column, text)) {
                return null;
            }
            if (canonicalDateTime(text)) {
                String wall = wallClock(text);
                return wall.substring(0, 10) + "T" + wall.substring(11) + "+00:00";
            }
            return TemporalText.instant(rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        };
    }

    // Fast paths for the text the server sends (YYYY-MM-DD[ HH:MM:SS[.ffffff]]): a first sync reads
    // millions of these, and Connector/J's own date objects, or a regular expression, cost more than the
    // rest of the row (measured in bench/). Anything else takes the driver's parsers.

    /** {@code YYYY-MM-DD}, four-digit year, alone or followed by a time. */
    static boolean canonicalDate(String text) {
        return text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && (text.length() == 10 || text.charAt(10) == ' ') && digits(text, 0, 4) && digits(text, 5, 2)
                && digits(text, 8, 2);
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.f...]}. */
    static boolean canonicalDateTime(String text) {
        int length = text.length();
        return length >= 19 && canonicalDate(text) && text.charAt(13) == ':' && text.charAt(16) == ':'
                && digits(text, 11, 2) && digits(text, 14, 2) && digits(text, 17, 2)
                && (length == 19 || (text.charAt(19) == '.' && length <= 29 && digits(text, 20, length - 20)));
    }

    /** The wall-clock text with the fraction's trailing zeros removed, as {@link TemporalText#timestamp} writes it. */
    static String wallClock(String text) {
        if (text.length() == 19) {
            return text;
        }
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        return text.substring(0, text.charAt(end - 1) == '.' ? end - 1 : end);
    }

    /** A canonical date-time text as a LocalDateTime, to the nanosecond the text holds. */
    static LocalDateTime parseWallClock(String text) {
        int nanos = 0;
        if (text.length() > 20) {
            String fraction = text.substring(20);
            nanos = Integer.parseInt(fraction) * (int) Math.pow(10, 9 - fraction.length());
        }
        return LocalDateTime.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                Integer.parseInt(text, 8, 10, 10), Integer.parseInt(text, 11, 13, 10), Integer.parseInt(text, 14, 16, 10),
                Integer.parseInt(text, 17, 19, 10), nanos);
    }

    private static boolean digits(String text, int start, int count) {
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return count > 0;
    }

    /** True, with a warning the first time per column and read, when the value is a zero date. */
    private boolean zeroDate(String column, String text) {
        if (!isZeroDate(text)) {
            return false;
        }
        if (warnedColumns.add(column)) {
            warn("column " + column + " holds zero dates such as " + text + ", which are not dates: stored as NULL"
                    + " (reported once per column and run)");
        }
        return true;
    }

    /** A zero date (0000-00-00) or a date with a zero month or day (2024-05-00), which MySQL allows. */
    static boolean isZeroDate(String text) {
        if (text == null) {
            return false;
        }
        if (canonicalDate(text)) {
            return (text.charAt(5) == '0' && text.charAt(6) == '0') || (text.charAt(8) == '0' && text.charAt(9) == '0');
        }
        Matcher m = DATE_TEXT.matcher(text);
        if (!m.find()) {
            return false;
        }
        return Integer.parseInt(m.group(2)) == 0 || Integer.parseInt(m.group(3)) == 0;
    }

    /**
     * The greatest real date before a zero or partly zero one: 2024-05-00 gives 2024-04-30,
     * 2024-00-00 gives 2023-12-31. The zero date itself has none; it gives 0000-01-01, which only
     * other zero dates precede.
     */
    static LocalDate floorDate(String text) {
        Matcher m = DATE_TEXT.matcher(text);
        if (!m.find()) {
            throw new DateTimeException("not a date: " + text);
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        LocalDate first = LocalDate.of(0, 1, 1);
        if (month == 0) {
            return year == 0 ? first : LocalDate.of(year - 1, 12, 31);
        }
        if (day == 0) {
            return year == 0 && month == 1 ? first : LocalDate.of(year, month, 1).minusDays(1);
        }
        return LocalDate.of(year, month, day);
    }
}
