package dev.replicate.source.mysql;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.SourceQuery;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.TimeBound;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.jdbc.IsoDates;
import dev.replicate.source.jdbc.JdbcColumn;
import dev.replicate.source.jdbc.JdbcSource;
import dev.replicate.source.jdbc.KeyBlockQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A MySQL or MariaDB database, read through streaming result sets: reflection is
 * {@link MysqlCatalog}'s, how each column is read {@link MysqlColumnReaders}' (see {@link MysqlTypes}
 * for the type table), and positions are bound and read through {@link MysqlTemporalText}.
 */
final class MysqlSource extends JdbcSource {
    private final MysqlCatalog catalog;
    private final MysqlColumnReaders readers;

    MysqlSource(Connection connection, String database) {
        super(connection, database);
        this.catalog = new MysqlCatalog(connection);
        this.readers = new MysqlColumnReaders(this::warn);
    }

    @Override
    public boolean singlePrecision(SourceColumn column) {
        return MysqlTypes.category(column.sourceType()) == MysqlTypes.Category.FLOAT;
    }

    /** A MERGE table's key holds within each table it unites, not across them. */
    @Override
    public Optional<String> repeatedKeyCause() {
        return Optional.of("a MERGE table whose tables repeat a key (give a \"primaryKey\" unique across them, or [])");
    }

    /**
     * Text, unless of a NO PAD binary collation: a case- or accent-insensitive collation holds 'k' and
     * 'K' equal, and every PAD SPACE one (utf8mb4_bin too) 'k' and 'k '. The bytes tell them apart.
     */
    @Override
    protected Optional<String> exactOrder(TableSchema table, SourceColumn watermark, String qualified) {
        return watermark.watermarkKind().equals(Optional.of(WatermarkKind.TEXT)) && !watermark.bytewise()
                ? Optional.of("CAST(" + qualified + " AS BINARY)") : Optional.empty();
    }

    /**
     * MariaDB's ER_STATEMENT_TIMEOUT (max_statement_time) and MySQL's ER_QUERY_TIMEOUT (max_execution_time).
     * The session setup lifts a bound equal to the server's global one; one that cancels a statement may be the
     * login's (MariaDB's MAX_STATEMENT_TIME of the user), the URL's sessionVariables (MysqlConnector), the
     * server's init_connect (which sets the session's, not the global) or the query's own (a query entry's SET
     * STATEMENT ... FOR, or MySQL's MAX_EXECUTION_TIME hint): the error cannot tell which, so it names them all.
     */
    @Override
    protected Optional<TimeBound> timeBound(SQLException failure) {
        if (failure.getErrorCode() == 1969) {
            return Optional.of(new TimeBound("max_statement_time", KEPT, "ALTER USER <its user> WITH MAX_STATEMENT_TIME"
                    + " 0, no sessionVariables=max_statement_time=... in the conn's URL, no SET max_statement_time in"
                    + " the server's init_connect, and no SET STATEMENT max_statement_time=... FOR in a query entry"));
        }
        if (failure.getErrorCode() == 3024) {
            return Optional.of(new TimeBound("max_execution_time", KEPT, "no sessionVariables=max_execution_time=... in"
                    + " the conn's URL, no SET max_execution_time in the server's init_connect, and no"
                    + " /*+ MAX_EXECUTION_TIME() */ hint in a query entry"));
        }
        return Optional.empty();
    }

    private static final String KEPT = "bound kept for this session (the login's, the URL's, init_connect's or the"
            + " query's: replicate lifts the server's global one only)";

    /** ER_LOCK_WAIT_TIMEOUT, which a metadata lock's lock_wait_timeout gives as a row lock's does. */
    @Override
    protected boolean lockWaitTimedOut(SQLException failure) {
        return failure.getErrorCode() == 1205;
    }

    @Override
    public boolean spellsAlike(String before, String after) {
        return MysqlTypes.spelling(before).equals(MysqlTypes.spelling(after));
    }

    @Override
    protected String quote(String identifier) {
        return MysqlCatalog.quote(identifier);
    }

    /** UTC, whatever the session's time zone. */
    @Override
    protected Optional<String> clockQuery() {
        return Optional.of("SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6))");
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
        if (table.query().isPresent()) {
            return OptionalLong.empty();
        }
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
        if (table.query().isPresent()) {
            // A query's key is the configuration's word, backed by no unique index: read by watermark.
            return false;
        }
        String type = key.sourceType().toLowerCase(Locale.ROOT);
        if (key.watermarkKind().equals(Optional.of(WatermarkKind.TEXT))
                && !type.startsWith("char(") && !type.startsWith("varchar(")) {
            return false;
        }
        return queryAboutTable("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                table.name(), rs -> rs.getString(1))
                .filter(engine -> !engine.toUpperCase(Locale.ROOT).startsWith("MRG_")).isPresent();
    }

    /**
     * Blocks ({@link MysqlKeyBlocks}) for an integer key that fits a signed 64-bit number (not a bigint
     * unsigned, a year or a bit) whose table's rows fill their blocks ({@code keysFillBlocks}).
     */
    @Override
    protected Optional<KeyBlockQuery> keyBlockQuery(TableSchema table, SourceColumn key, Optional<String> where)
            throws Exception {
        if (MysqlTypes.category(key.sourceType()) != MysqlTypes.Category.INTEGER
                || !keysFillBlocks(table, key, MysqlKeyBlocks.KEYS_PER_BLOCK)) {
            return Optional.empty();
        }
        return Optional.of(MysqlKeyBlocks.query(qualifier(table) + "." + quote(key.name()), from(table), where));
    }

    @Override
    protected TableSchema reflectResolved(TableName table) throws SQLException, SourceException {
        return catalog.reflect(table);
    }

    @Override
    protected Map<TableName, TableSchema> reflectResolved(List<TableName> tables) throws SQLException {
        return catalog.reflect(tables);
    }

    /**
     * MySQL and MariaDB list no column of a key that holds one the login may not read, and MySQL 8.0.30 and
     * newer hides the key it generates unless told to show it: asked by an index hint, told as fits the server.
     */
    @Override
    public Optional<String> hiddenKey(TableSchema table) throws SQLException {
        if (table.query().isPresent() || !table.primaryKey().isEmpty() || !catalog.hasPrimaryKey(table.name())) {
            return Optional.empty();
        }
        return Optional.of(catalog.hiddenKeyCause());
    }

    /**
     * A NOT NULL column has no NULLs to count, and must not be asked: for the sake of old ODBC
     * programs, MySQL and MariaDB let {@code col IS NULL} in a WHERE clause match the zero date of a
     * NOT NULL date column, rows that the cursor query does read.
     */
    @Override
    protected long countNullWatermarks(TableSchema table, SourceColumn watermark, Optional<String> where)
            throws SQLException {
        if (table.query().isEmpty() && catalog.declaredNotNull(table.name(), watermark.name())) {
            return 0;
        }
        return super.countNullWatermarks(table, watermark, where);
    }

    /**
     * From a statement prepared on the server, never run: the prepare's answer carries the column
     * definitions a result would. Running it with {@code WHERE 1 = 0} or {@code LIMIT 0} does not do:
     * MariaDB computes a derived table it cannot merge (a GROUP BY, a function that is not
     * deterministic) before it limits the result, so a heavy query would run once more on every pass.
     */
    @Override
    protected List<SourceColumn> describeQuery(String select, SourceQuery query) throws SQLException {
        try (PreparedStatement statement = connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
                .serverPrepareStatement(select)) {
            return queryColumns(statement.getMetaData(), query);
        }
    }

    @Override
    protected List<SourceColumn> queryColumns(ResultSetMetaData metadata, SourceQuery query) throws SQLException {
        return MysqlQueryColumns.columns(metadata);
    }

    @Override
    protected JdbcColumn jdbcColumn(SourceColumn column) {
        return readers.column(column, quote(column.name()));
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
        readers.newRead();
        PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Integer.MIN_VALUE);
        return statement;
    }

    /**
     * A text position's parameter. Connector/J writes a bound text as a literal, and under MariaDB's sql_mode
     * EMPTY_STRING_IS_NULL (kept for the user's "query" and "where", see MysqlConnector) the literal '' is NULL:
     * a text watermark stored as '' compared as NULL ({@code code >= NULL}), so no later run read a row again.
     * Positions are never NULL, so a NULL here is that '', given back as the empty text LEFT('x', 0) makes under
     * every mode (not X'', which would compare bytes, nor a CAST, which would take the comparison's collation
     * from the column): the literal's own character set and collation, so the comparison and the index's use
     * are the literal's.
     */
    static final String TEXT_PARAMETER = "IFNULL(?, LEFT('x', 0))";

    @Override
    protected String positionParameter(WatermarkKind kind) {
        return kind == WatermarkKind.TEXT ? TEXT_PARAMETER : "?";
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
            case DATE -> statement.setString(index, MysqlTemporalText.literal((LocalDate) value));
            case TIMESTAMP -> statement.setString(index, MysqlTemporalText.literal((LocalDateTime) value));
            case TIMESTAMPTZ -> statement.setString(index,
                    MysqlTemporalText.literal(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC)));
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
     * Reads a position (a watermark, or a key) from the server's text, as the column readers do. Dates
     * and times are checked for zero dates first; a zero date reads as the smallest value a real date
     * can take, so it still orders first and is never null.
     */
    @Override
    protected Object readPosition(ResultSet rs, int index, WatermarkKind kind) throws SQLException {
        return switch (kind) {
            case DATE -> {
                byte[] text = rs.getBytes(index);
                yield MysqlTemporalText.isZeroDate(text) ? MysqlTemporalText.floorDate(text)
                        : IsoDates.isDate(text, 0, text.length) ? IsoDates.date(text, 0)
                        : rs.getObject(index, LocalDate.class);
            }
            case TIMESTAMP -> {
                byte[] text = rs.getBytes(index);
                yield MysqlTemporalText.isZeroDate(text) ? MysqlTemporalText.floorDate(text).atStartOfDay()
                        : wallClock(rs, index, text);
            }
            case TIMESTAMPTZ -> {
                // A timestamp arrives as the session's (UTC) wall clock.
                byte[] text = rs.getBytes(index);
                yield MysqlTemporalText.isZeroDate(text) ? Instant.EPOCH
                        : wallClock(rs, index, text).toInstant(ZoneOffset.UTC);
            }
            default -> super.readPosition(rs, index, kind);
        };
    }

    /** A date and time the server sent as {@code text}, not a zero date. */
    private static LocalDateTime wallClock(ResultSet rs, int index, byte[] text) throws SQLException {
        return MysqlTemporalText.isDateTime(text) ? IsoDates.dateTime(text, 0, text.length)
                : rs.getObject(index, LocalDateTime.class);
    }

    @Override
    protected java.util.Optional<dev.replicate.source.jdbc.StoredTextKeys> storedTextKeys() {
        return java.util.Optional.of(new MysqlStoredTextKeys());
    }

    @Override
    protected java.util.Optional<dev.replicate.source.jdbc.DigestSql> digestSql(dev.replicate.source.DigestRequest request)
            throws SQLException, SourceException {
        if (request.table().query().isPresent()) {
            // A query's result columns declare no character set that could be read back: each text is
            // converted to UTF-8 from whatever it is, which is exact for every one (a name that is no
            // UTF-8 character set makes MysqlDigestSql convert).
            return java.util.Optional.of(new MysqlDigestSql(request.columns().stream().collect(
                    java.util.stream.Collectors.toMap(dev.replicate.source.SourceColumn::name, c -> "unknown",
                            (a, b) -> a))));
        }
        // A second connection verify opened for the same table has not reflected it: its character sets.
        TableName table = request.table().name();
        if (catalog.characterSets(table).isEmpty()) {
            catalog.reflect(table);
        }
        return java.util.Optional.of(new MysqlDigestSql(catalog.characterSets(table).orElseThrow()));
    }
}
