package dev.replicate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A scratch database on a real server, made for one test class and dropped after it, so that test
 * runs never meet each other's tables. The server is whichever the environment offers (see each
 * implementation); the scenarios only see this interface.
 */
public abstract class TestDatabase implements AutoCloseable {
    /** The scratch database's name, unique per instance. */
    protected final String database = scratchName();

    public String databaseName() {
        return database;
    }

    /** The server's host:port, for tests that build URLs of their own (a wrong password, say). */
    public abstract String hostPort();

    /** The configuration's "source" value. */
    public abstract String sourceType();

    /** The URL a configuration block uses to reach the scratch database. */
    public abstract String conn();

    /** The JDBC URL and properties for the tests' own connection. */
    protected abstract String jdbcUrl();

    protected abstract Properties jdbcProperties();

    /** An identifier quoted for this database. */
    public abstract String quote(String identifier);

    /** The column type of a microsecond wall-clock timestamp. */
    public abstract String timestampType();

    /** The column type of a microsecond instant (PostgreSQL's timestamptz, MySQL's timestamp). */
    public abstract String instantType();

    /** The column type of short bytes (PostgreSQL's bytea, MySQL's varbinary). */
    public abstract String bytesType();

    /** The statement that changes a column's type in place, converting the values it holds. */
    public abstract String retypeColumn(String table, String column, String type);

    /** The statement that refreshes a table's statistics (its estimated row count among them). */
    public abstract String analyze(String table);

    /** The statement that makes the session's time zone UTC, for literals of {@link #instantType()}. */
    public abstract String utcSession();

    /** A literal of {@link #timestampType()}, in the SQL-standard form both databases take. */
    public String timestampLiteral(String isoDateTime) {
        return "TIMESTAMP '" + isoDateTime + "'";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), jdbcProperties());
    }

    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup failed: " + e.getMessage(), e);
        }
    }

    /** Rows of a query as lists of strings (NULL as null), in the query's order. */
    public List<List<String>> query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rows(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage(), e);
        }
    }

    /** The rest of a result set as lists of strings (NULL as null). */
    public static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        int width = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * A login that may SELECT only {@code readable} of the table, and may UPDATE {@code unreadable} (so
     * that the catalog, which lists the columns a login has any privilege on, still shows it): every
     * statement that reads {@code unreadable} fails at the server. Returns the conn for it.
     */
    public abstract String connReadingOnly(String table, List<String> readable, String unreadable);

    /** The login {@link #connReadingOnly} creates, unique to this database. */
    protected String readerLogin() {
        return database + "_r";
    }

    /** A source block for a configuration, with the given tables (JSON objects). */
    public String sourceBlock(String... tables) {
        return "{\"source\": \"" + sourceType() + "\", \"conn\": \"" + conn() + "\", \"tables\": ["
                + String.join(", ", tables) + "]}";
    }

    @Override
    public abstract void close();

    static String scratchName() {
        return "replicate_t_" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 10);
    }
}
