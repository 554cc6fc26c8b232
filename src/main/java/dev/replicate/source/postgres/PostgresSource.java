package dev.replicate.source.postgres;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.TemporalText;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.jdbc.JdbcColumn;
import dev.replicate.source.jdbc.JdbcSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import org.postgresql.core.BaseConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.jdbc.TimestampUtils;
import org.postgresql.util.PGbytea;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A PostgreSQL database: reflection from information_schema and pg_index, streaming through a cursor. */
final class PostgresSource extends JdbcSource {

    private static final String COLUMNS_SQL = """
            SELECT column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale
            FROM information_schema.columns
            WHERE table_schema = ? AND table_name = ?
            ORDER BY ordinal_position""";

    private static final String PRIMARY_KEY_SQL = """
            SELECT a.attname
            FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = to_regclass(quote_ident(?) || '.' || quote_ident(?)) AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)""";

    /** Whether numeric has infinities (PostgreSQL 14 and newer), once known. */
    private Boolean numericInfinity;

    /** Whether reads stream through COPY; else through the fetch-size cursor of {@link JdbcSource#read}. */
    private final boolean copy;

    PostgresSource(Connection connection, boolean copy) {
        super(connection, "public");
        this.copy = copy;
    }

    /**
     * numeric's NaN (and, from version 14, its ±Infinity), and the ±infinity of date, timestamp and
     * timestamptz. NaN sorts after Infinity, so a numeric before version 14 is finite below 'NaN'.
     * (float and double are not watermarks.)
     */
    @Override
    protected Optional<FiniteRange> finiteRange(SourceColumn watermark) throws SQLException {
        return switch (watermark.watermarkKind().orElseThrow()) {
            case DECIMAL -> {
                if (numericInfinity == null) {
                    // pgjdbc knows the version from the connection's start: no round trip.
                    numericInfinity = connection.getMetaData().getDatabaseMajorVersion() >= 14;
                }
                yield Optional.of(numericInfinity ? new FiniteRange(Optional.of("'-Infinity'"), "'Infinity'")
                        : new FiniteRange(Optional.empty(), "'NaN'"));
            }
            case DATE, TIMESTAMP, TIMESTAMPTZ -> Optional.of(new FiniteRange(Optional.of("'-infinity'"), "'infinity'"));
            default -> Optional.empty();
        };
    }

    @Override
    protected String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The planner's row count; -1 (PostgreSQL 14+) or 0 before the table was first analysed. */
    @Override
    public OptionalLong estimatedRows(TableSchema table) throws SQLException {
        return queryAboutTable("SELECT reltuples::bigint FROM pg_class"
                        + " WHERE oid = to_regclass(quote_ident(?) || '.' || quote_ident(?))",
                table.name(), rs -> rs.getLong(1)).filter(rows -> rows > 0).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Not a table with inheritance children: their rows are read with the parent's, and its primary
     * key does not cover them, so a key could come twice. (A partitioned table's key covers every
     * partition.)
     */
    @Override
    public boolean readsInKeyOrder(TableSchema table, SourceColumn key) throws SQLException {
        return queryAboutTable("SELECT relkind = 'p' OR NOT relhassubclass FROM pg_class"
                        + " WHERE oid = to_regclass(quote_ident(?) || '.' || quote_ident(?))",
                table.name(), rs -> rs.getBoolean(1)).orElse(false);
    }

    /** Yes: integer columns are read with getLong (readLong), as readPosition reads INTEGER. */
    @Override
    protected boolean integerPositionIsColumnValue() {
        return true;
    }

    /**
     * Text as an untyped parameter, as the COPY literal is: pgjdbc would send a string as varchar,
     * and {@code citext_column > $1} or {@code bpchar_column > $1} would then compare as text while
     * ORDER BY uses the column's own type (the fetch-size fallback, {@code -Dreplicate.postgres.copy=false}).
     */
    @Override
    protected void bindPosition(PreparedStatement statement, int index, WatermarkKind kind, Object value)
            throws SQLException {
        if (kind == WatermarkKind.TEXT) {
            statement.setObject(index, value, java.sql.Types.OTHER);
        } else {
            super.bindPosition(statement, index, kind, value);
        }
    }

    @Override
    protected TableSchema reflectResolved(TableName table) throws SQLException, SourceException {
        String schema = table.schema().orElseThrow();
        List<SourceColumn> columns = new ArrayList<>();
        List<String> key = new ArrayList<>();
        try {
            try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
                statement.setString(1, schema);
                statement.setString(2, table.table());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        columns.add(PostgresTypes.column(rs.getString(1), rs.getString(2), rs.getString(3),
                                (Integer) rs.getObject(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6)));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY_SQL)) {
                statement.setString(1, schema);
                statement.setString(2, table.table());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        key.add(rs.getString(1));
                    }
                }
            }
        } finally {
            endStatement();
        }
        if (columns.isEmpty()) {
            throw new SourceException("table " + table + " does not exist at the source, or the user may not read it");
        }
        return new TableSchema(table, List.copyOf(columns), List.copyOf(key));
    }

    @Override
    protected JdbcColumn jdbcColumn(SourceColumn column) {
        String quoted = quote(column.name());
        String category = PostgresTypes.category(column.sourceType());
        return switch (category) {
            case "integer" -> new JdbcColumn(column, quoted, PostgresSource::readLong);
            case "boolean" -> new JdbcColumn(column, quoted, PostgresSource::readBoolean);
            case "real" -> new JdbcColumn(column, quoted, PostgresSource::readReal);
            case "double" -> new JdbcColumn(column, quoted, PostgresSource::readDouble);
            case "bytea" -> new JdbcColumn(column, quoted, ResultSet::getBytes);
            case "date" -> new JdbcColumn(column, quoted, PostgresSource::readDate);
            case "timestamp" -> new JdbcColumn(column, quoted, PostgresSource::readTimestamp);
            case "timestamptz" -> new JdbcColumn(column, quoted, PostgresSource::readTimestamptz);
            case "array" -> new JdbcColumn(column, "to_json(" + quoted + ")::text", ResultSet::getString);
            case "plain-text", "document" -> new JdbcColumn(column, quoted, ResultSet::getString);
            // numeric, uuid, interval, money, enums and the rest: PostgreSQL's own text form is the exact one.
            default -> new JdbcColumn(column, quoted + "::text", ResultSet::getString);
        };
    }

    /**
     * Streams through COPY (see {@link PostgresCopyStream}); {@code -Dreplicate.postgres.copy=false}
     * goes back to the fetch-size cursor of {@link JdbcSource#read}.
     */
    @Override
    public RowStream read(ReadRequest request) throws SQLException {
        if (!copy) {
            return super.read(request);
        }
        BaseConnection base = connection.unwrap(BaseConnection.class);
        TimestampUtils timestamps = base.getTimestampUtils();
        WatermarkKind kind = request.order().watermarkKind().orElseThrow();
        String from = request.from().map(value -> literal(timestamps, kind, value)).orElse("");
        String below = request.watermarkBelow()
                .map(value -> literal(timestamps, request.watermark().watermarkKind().orElseThrow(), value)).orElse("");
        String sql = "COPY (" + readQuery(request, from, below) + ") TO STDOUT";
        PostgresCopyStream.FieldReader[] readers = request.columns().stream()
                .map(c -> copyReader(c, timestamps)).toArray(PostgresCopyStream.FieldReader[]::new);
        try {
            return new PostgresCopyStream(connection, new CopyManager(base).copyOut(sql), readers,
                    positionReader(kind, timestamps), positionField(request));
        } catch (SQLException | RuntimeException e) {
            // As in JdbcSource#read: ending the transaction on a cut connection fails too, and would
            // replace the reason.
            try {
                endStatement();
            } catch (SQLException | RuntimeException ending) {
                e.addSuppressed(ending);
            }
            throw e;
        }
    }

    /**
     * Whether COPY is wanted: {@code -Dreplicate.postgres.copy=false} says no. Read when a source is
     * opened rather than once per JVM, so that a test can run both paths.
     */
    static boolean copyWanted() {
        return !"false".equals(System.getProperty("replicate.postgres.copy"));
    }

    /**
     * A position (a watermark, or a key) bound as SQL, for COPY, which takes no parameters: the text pgjdbc itself would
     * send for the parameter (its TimestampUtils), cast to the type the parameter would have had.
     */
    static String literal(TimestampUtils timestamps, WatermarkKind kind, Object value) {
        return switch (kind) {
            case INTEGER -> "(" + value + ")";
            case DECIMAL -> "'" + ((BigDecimal) value).toPlainString() + "'::numeric";
            case TEXT -> "E'" + ((String) value).replace("\\", "\\\\").replace("'", "''") + "'";
            case DATE -> "'" + timestamps.toString((LocalDate) value) + "'::date";
            case TIMESTAMP -> "'" + timestamps.toString((LocalDateTime) value) + "'::timestamp";
            case TIMESTAMPTZ -> "'" + timestamps.toString(TemporalText.toOffsetDateTime((Instant) value)) + "'::timestamptz";
        };
    }

    /** How a COPY field becomes the value {@link #jdbcColumn}'s reader gives for the same column. */
    static PostgresCopyStream.FieldReader copyReader(SourceColumn column, TimestampUtils timestamps) {
        return switch (PostgresTypes.category(column.sourceType())) {
            case "integer" -> PostgresCopyStream::integer;
            case "boolean" -> (f, s, e) -> e - s == 1 && f[s] == 't' ? 1L : 0L;
            case "real" -> (f, s, e) -> Double.valueOf(Float.toString(Float.parseFloat(PostgresCopyStream.text(f, s, e))));
            // JavaDoubleParser: exactly Double.parseDouble's result, without building a String first.
            case "double" -> (f, s, e) -> JavaDoubleParser.parseDouble(f, s, e - s);
            case "bytea" -> (f, s, e) -> PGbytea.toBytes(java.util.Arrays.copyOfRange(f, s, e));
            case "date" -> (f, s, e) -> isPlainDate(f, s, e) ? PostgresCopyStream.text(f, s, e)
                    : TemporalText.date(timestamps.toLocalDate(java.util.Arrays.copyOfRange(f, s, e)));
            case "timestamp" -> (f, s, e) -> plainTimestampEnd(f, s, e) == e ? PostgresCopyStream.text(f, s, e)
                    : TemporalText.timestamp(timestamps.toLocalDateTime(java.util.Arrays.copyOfRange(f, s, e)));
            case "timestamptz" -> (f, s, e) -> {
                if (isPlainUtc(f, s, e)) {
                    // 2024-01-01 00:00:00.5+00 -> 2024-01-01T00:00:00.5+00:00, as TemporalText.instant writes it
                    return PostgresCopyStream.text(f, s, s + 10) + "T" + PostgresCopyStream.text(f, s + 11, e - 3) + "+00:00";
                }
                return timestamptz(timestamps.toOffsetDateTime(java.util.Arrays.copyOfRange(f, s, e)));
            };
            default -> PostgresCopyStream::text;
        };
    }

    /** A position field (a watermark, or a key) as the Java type of its kind, as {@link JdbcSource#readPosition} reads it. */
    static PostgresCopyStream.FieldReader positionReader(WatermarkKind kind, TimestampUtils timestamps) {
        return switch (kind) {
            case INTEGER -> PostgresCopyStream::integer;
            case DECIMAL -> (f, s, e) -> new BigDecimal(PostgresCopyStream.text(f, s, e));
            case TEXT -> PostgresCopyStream::text;
            case DATE -> (f, s, e) -> isPlainDate(f, s, e)
                    ? LocalDate.of(number(f, s, 4), number(f, s + 5, 2), number(f, s + 8, 2))
                    : timestamps.toLocalDate(java.util.Arrays.copyOfRange(f, s, e));
            case TIMESTAMP -> (f, s, e) -> plainTimestampEnd(f, s, e) == e
                    ? localDateTime(f, s, e)
                    : timestamps.toLocalDateTime(java.util.Arrays.copyOfRange(f, s, e));
            case TIMESTAMPTZ -> (f, s, e) -> isPlainUtc(f, s, e)
                    ? localDateTime(f, s, e - 3).toInstant(ZoneOffset.UTC)
                    : TemporalText.toInstant(timestamps.toOffsetDateTime(java.util.Arrays.copyOfRange(f, s, e)));
        };
    }

    /** {@code YYYY-MM-DD}: four-digit year, no era. */
    private static boolean isPlainDate(byte[] f, int s, int e) {
        return e - s == 10 && f[s + 4] == '-' && f[s + 7] == '-'
                && digits(f, s, 4) && digits(f, s + 5, 2) && digits(f, s + 8, 2);
    }

    /**
     * Where {@code YYYY-MM-DD HH:MM:SS[.f{1,6}]} starting at s ends, or -1 if the text does not start so.
     */
    private static int plainTimestampEnd(byte[] f, int s, int e) {
        if (e - s < 19 || !isPlainDate(f, s, s + 10) || f[s + 10] != ' ' || f[s + 13] != ':' || f[s + 16] != ':'
                || !digits(f, s + 11, 2) || !digits(f, s + 14, 2) || !digits(f, s + 17, 2)) {
            return -1;
        }
        int p = s + 19;
        if (p < e && f[p] == '.') {
            int q = p + 1;
            while (q < e && q - p <= 6 && f[q] >= '0' && f[q] <= '9') {
                q++;
            }
            if (q - p < 2 || q - p > 7) {
                return -1;
            }
            p = q;
        }
        return p;
    }

    /** A plain timestamp followed by the UTC offset {@code +00}, as the session (UTC) prints instants. */
    private static boolean isPlainUtc(byte[] f, int s, int e) {
        int end = plainTimestampEnd(f, s, e);
        return end > 0 && end == e - 3 && f[end] == '+' && f[end + 1] == '0' && f[end + 2] == '0';
    }

    private static LocalDateTime localDateTime(byte[] f, int s, int e) {
        int nanos = 0;
        if (e > s + 19) {
            int digits = e - s - 20;
            nanos = number(f, s + 20, digits);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return LocalDateTime.of(number(f, s, 4), number(f, s + 5, 2), number(f, s + 8, 2),
                number(f, s + 11, 2), number(f, s + 14, 2), number(f, s + 17, 2), nanos);
    }

    private static boolean digits(byte[] f, int s, int count) {
        for (int i = s; i < s + count; i++) {
            if (f[i] < '0' || f[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(byte[] f, int s, int count) {
        int value = 0;
        for (int i = s; i < s + count; i++) {
            value = value * 10 + (f[i] - '0');
        }
        return value;
    }

    @Override
    protected PreparedStatement prepareStreaming(String sql, int fetchSize) throws SQLException {
        // pgjdbc streams through a portal when autocommit is off, the result set is forward-only and a
        // fetch size is set; otherwise it would read the whole result into memory.
        PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Math.max(fetchSize, 100));
        // Binary transfer for this statement (a negative threshold: server-prepared at once, results in
        // binary): integers, floats, dates and timestamps arrive as their exact binary values instead of
        // text that pgjdbc parses again; the values handed over are the same (tested against the text
        // path on edge values: infinities, BC, year 12345, NaN, subnormals). A first sync used ~10% less CPU.
        statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        return statement;
    }

    private static Object readLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }

    private static Object readBoolean(ResultSet rs, int index) throws SQLException {
        boolean value = rs.getBoolean(index);
        return rs.wasNull() ? null : (value ? 1L : 0L);
    }

    /** A real's shortest decimal form, as PostgreSQL prints it (1.1, not 1.100000023841858). */
    private static Object readReal(ResultSet rs, int index) throws SQLException {
        float value = rs.getFloat(index);
        return rs.wasNull() ? null : Double.valueOf(Float.toString(value));
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
