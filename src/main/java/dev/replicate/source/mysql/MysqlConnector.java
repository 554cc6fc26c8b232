package dev.replicate.source.mysql;

import dev.replicate.source.Source;
import dev.replicate.source.jdbc.JdbcConnector;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.jdbc.ConnectionUrl;
import dev.replicate.source.jdbc.Credentials;
import dev.replicate.source.jdbc.JdbcConnections;
import dev.replicate.source.jdbc.LoginBound;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * MySQL 8 and MariaDB, both through MySQL Connector/J: {@code mysql://}, {@code jdbc:mysql:} and
 * {@code jdbc:mariadb:} URLs (Connector/J does not take the latter, so they are rewritten to
 * {@code jdbc:mysql:}; their options are Connector/J's).
 */
public final class MysqlConnector extends JdbcConnector {
    static final int DEFAULT_PORT = 3306;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final String JDBC_MYSQL = "jdbc:mysql:";
    private static final String JDBC_MARIADB = "jdbc:mariadb:";

    /**
     * Driver properties that every value's exactness rests on. Users may add properties, but not
     * change these: a different setting would silently change values rather than fail.
     */
    static final Properties FIXED = fixed();

    private static Properties fixed() {
        Properties p = new Properties();
        // utf8mb4 on the wire (Connector/J maps UTF-8 to utf8mb4), so emoji and combining marks
        // arrive intact whatever the server's default character set.
        p.setProperty("characterEncoding", "UTF-8");
        // Results in utf8mb4 too, so that the server converts a column in another character set.
        // Without it the driver asks for each column's own bytes and decodes them with the Java
        // charset it maps that character set to, which is not always the server's: MySQL's latin1
        // maps 0x81, 0x8D, 0x8F, 0x90 and 0x9D to the C1 controls, Java's windows-1252 to U+FFFD,
        // so texts that differ in those bytes arrived alike (keys that differ so were one row).
        p.setProperty("characterSetResults", "UTF-8");
        // tinyint(1) and bool hold numbers: a stored 2 must stay 2, not become true.
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("transformedBitIsBoolean", "false");
        // year is a number, not a java.sql.Date on the first of January.
        p.setProperty("yearIsDateType", "false");
        // Time zones: the session runs at +00:00 (MysqlConnector#open sets it with an offset, which
        // works without the server's time zone tables, unlike 'UTC'), and the driver is told so, so
        // that it never shifts a value by the JVM's zone. timestamp values are read as the UTC wall
        // clock the server prints and turned into instants by us; datetime values are read as the
        // wall clock they are. Neither the JVM's, the machine's nor the server's zone enters.
        p.setProperty("connectionTimeZone", "UTC");
        p.setProperty("forceConnectionTimeZoneToSession", "false");
        p.setProperty("preserveInstants", "true");
        // Zero dates (0000-00-00) cannot be a java.time value. The readers see them in the text the
        // server sends, store NULL and warn; should the driver meet one anywhere else, NULL rather
        // than an exception that would fail the table.
        p.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        // Client-side prepared statements (the default): each query runs once per table and run, so
        // a server-side prepare would only add a round trip and a server resource, and the text
        // protocol reads the same on MySQL and MariaDB. Parameters are bound as literals we format
        // ourselves (see MysqlSource#bindPosition), so nothing is lost to the driver's rendering.
        p.setProperty("useServerPrepStmts", "false");
        // Streaming (MysqlSource#prepareStreaming) rather than cursor fetch.
        p.setProperty("useCursorFetch", "false");
        // A streaming read keeps the server waiting while rows are written to SQLite, so the server must
        // not give up on a slow reader after its default 60 s. The driver would raise net_write_timeout
        // around each streamed read, at two round trips per read; the session sets it once instead
        // (SESSION_SETUP), and the driver is told not to.
        p.setProperty("netTimeoutForStreamingResults", "0");
        return p;
    }

    /**
     * The session, in one round trip: the zone the driver was told about (connectionTimeZone above),
     * as an offset because named zones need time zone tables that many servers lack; the time the
     * server waits on a slow reader, 600 s as Connector/J's netTimeoutForStreamingResults would set it
     * around each streamed read; the bytes of a string that a sort compares, 65536 rather than the default
     * 1024: a server sorts strings by that prefix only and hands values that share it over in any order, so
     * a watermark's or key's order (which cursors, first syncs in key order and the row identities of tables
     * without a key rely on) would not hold for longer values. 65536 covers every VARCHAR and TEXT whole; a
     * sort must hold about 16 keys of that width, so the sort buffer is raised to 4 MiB where it is smaller
     * (MariaDB's 2 MiB default just does; 8 MiB keys fail every sort of a string with "Out of sort memory").
     * The server's sql_mode less PAD_CHAR_TO_FULL_LENGTH, which prints a CHAR padded to its length: MySQL
     * keeps a CHAR without trailing spaces, and a key read with the mode on would be another key in SQLite
     * than the same row read without it (the row twice; a row without a key, another identity). The rest of
     * the mode stays (Connector/J read it when it connected: NO_BACKSLASH_ESCAPES, ANSI_QUOTES), MariaDB's
     * ORACLE and EMPTY_STRING_IS_NULL too: a "where" or a "query" is the user's SQL, written for the user's
     * mode (under ORACLE, SUBSTR from 0 is from 1 and CONCAT takes a NULL for ''; under EMPTY_STRING_IS_NULL
     * the literal '' is NULL), so it must compute what that mode computes. Replicate's own SQL means the same
     * under every mode instead: NULLs tested with IS NULL rather than through CONCAT (MysqlDigestSql,
     * MysqlColumnReaders), no literal '' (an empty text is LEFT('x', 0), a text parameter
     * {@link MysqlSource#TEXT_PARAMETER}). No sql_select_limit: a server or login that sets one cuts every
     * SELECT without a LIMIT to that many rows, silently: a full table arrived with its first rows only, the
     * catalog's rows came cut (a table's primary key unseen), an incremental table took runs to arrive.
     * And every transaction read-only (see {@link #sessionSetup}).
     */
    static final String SESSION_SETUP = "SET time_zone = '+00:00', net_write_timeout = 600, max_sort_length = 65536,"
            + " sort_buffer_size = GREATEST(@@sort_buffer_size, 4194304), sql_select_limit = 18446744073709551615,"
            + " sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@sql_mode, ','), ',PAD_CHAR_TO_FULL_LENGTH,', ','))";

    /**
     * {@link #SESSION_SETUP} and a read-only session. Connector/J passes setReadOnly on to the server only
     * when it takes it for MySQL 5.6.5 or newer, and MariaDB announces itself as 5.5.5-10.x: said here for
     * every server, so that a "where" or a "query" that calls a function which writes fails at the server
     * rather than writing. As the session variable in the same SET, rather than a SET SESSION TRANSACTION
     * READ ONLY of its own: one round trip less per run (issue #17). The variable is transaction_read_only
     * from MySQL 5.7.20 (8.0 has no other), tx_read_only before and on MariaDB (which Connector/J sees as
     * 5.5.5; from MariaDB 11.1 the old name is an alias of the new one).
     *
     * <p>And the bound on a statement's time that the server sets for every application (MySQL's
     * max_execution_time, MariaDB's max_statement_time) lifted: a first sync streams a big table in one
     * statement, which such a bound cancelled on every run ("Query execution was interrupted"), and the
     * source's readTimeoutSeconds bounds a silent server instead. One that differs from the server's
     * global value was given for this login (MariaDB's MAX_STATEMENT_TIME of the user, or Connector/J's
     * sessionVariables) and stays: the DBA or the user chose it for replicate. So is max_join_size, which
     * failed every read of a table with more rows than it ("The SELECT would examine more than
     * MAX_JOIN_SIZE rows"): big selects allowed unless the login set its own.
     */
    static String sessionSetup(String announcedVersion, int lockTimeoutSeconds) {
        boolean newName = com.mysql.cj.ServerVersion.parseVersion(announcedVersion)
                .meetsMinimum(new com.mysql.cj.ServerVersion(5, 7, 20));
        // The version as the server announced it (no round trip): MariaDB's names itself. A guess, which the
        // server corrects where it has other names (setUp).
        String timeBound = announcedVersion.contains("MariaDB") ? "max_statement_time" : "max_execution_time";
        return sessionSetup(newName ? "transaction_read_only" : "tx_read_only", Optional.of(timeBound), lockTimeoutSeconds);
    }

    /**
     * The setup with these variables' names: the read-only one, the time bound's (none on a server without),
     * and the source's lockTimeoutSeconds as lock_wait_timeout, the wait for a table's metadata lock (another
     * session's LOCK TABLES ... WRITE, or an ALTER TABLE's): a read that waits longer fails, and with it that
     * table only. InnoDB's plain reads take no row locks, so innodb_lock_wait_timeout never applies. 0 leaves
     * the server's own (a year on MySQL, a day on MariaDB), the variable's least being 1.
     */
    static String sessionSetup(String readOnly, Optional<String> timeBound, int lockTimeoutSeconds) {
        return SESSION_SETUP + ", SESSION " + readOnly + " = ON"
                + timeBound.map(b -> ", " + b + " = IF(@@" + b + " = @@GLOBAL." + b + ", 0, @@" + b + ")").orElse("")
                + ", sql_big_selects = IF(@@max_join_size = @@GLOBAL.max_join_size, 1, @@sql_big_selects)"
                + (lockTimeoutSeconds > 0 ? ", lock_wait_timeout = " + lockTimeoutSeconds : "");
    }

    /** MySQL's and MariaDB's "Unknown system variable". */
    private static final int UNKNOWN_VARIABLE = 1193;

    /**
     * Sets the session up for a server that announced itself as {@code announcedVersion}: the names that version
     * implies (see {@link #sessionSetup}), in one round trip. The announced version is not always the server's:
     * a proxy announces its own (ProxySQL 5.5.30, before MySQL 8 or MariaDB), and MySQL before 5.7.8 has no
     * time bound at all; so when the server knows one of those names not, it is asked which it has, and the
     * setup runs with those (no time bound where it has none: nothing to lift).
     */
    static void setUp(Statement statement, String announcedVersion, int lockTimeoutSeconds) throws SQLException {
        try {
            statement.execute(sessionSetup(announcedVersion, lockTimeoutSeconds));
        } catch (SQLException e) {
            if (e.getErrorCode() != UNKNOWN_VARIABLE) {
                throw e;
            }
            Set<String> has = new HashSet<>();
            try (ResultSet rs = statement.executeQuery("SHOW VARIABLES WHERE Variable_name IN ('transaction_read_only',"
                    + " 'tx_read_only', 'max_statement_time', 'max_execution_time')")) {
                while (rs.next()) {
                    has.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            String readOnly = has.contains("transaction_read_only") ? "transaction_read_only" : "tx_read_only";
            Optional<String> timeBound = Stream.of("max_statement_time", "max_execution_time").filter(has::contains)
                    .findFirst();
            statement.execute(sessionSetup(readOnly, timeBound, lockTimeoutSeconds));
        }
    }

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    public List<String> check(SourceSettings settings) {
        String conn = settings.conn();
        if (!conn.startsWith("mysql://") && !conn.startsWith(JDBC_MYSQL) && !conn.startsWith(JDBC_MARIADB)) {
            return List.of("a MySQL source needs a mysql://, jdbc:mysql: or jdbc:mariadb: URL");
        }
        Optional<ConnectionUrl> url = parse(conn);
        if (url.isEmpty()) {
            return List.of("is not a URL of the form mysql://user:password@host:port/database (a ? or % in the"
                    + " password is written %3F or %25)");
        }
        if (url.get().database().isEmpty()) {
            return List.of("names no database; write mysql://host:port/database (tables without a database"
                    + " name are looked up there)");
        }
        return List.of();
    }

    @Override
    public String identity(SourceSettings settings) {
        return parse(settings.conn())
                .map(url -> "mysql://" + hosts(url) + "/" + url.database().orElse(""))
                .orElse("mysql");
    }

    private static final Pattern HOST_OR_PORT = Pattern.compile("(?i)\\bhost=([^,()\\s]+)|\\bport=(\\d+)");

    /**
     * host:port of each host. Connector/J's key-value host forms ({@code address=(host=h)(port=p)...}
     * or {@code (host=h,port=p,...)}) may carry a user and password, so only host and port are kept.
     */
    static String hosts(ConnectionUrl url) {
        if (!url.hosts().contains("=")) {
            return url.hostsWithPort(DEFAULT_PORT);
        }
        List<String[]> hosts = new ArrayList<>();
        Matcher m = HOST_OR_PORT.matcher(url.hosts());
        while (m.find()) {
            if (m.group(1) != null) {
                hosts.add(new String[] {m.group(1), String.valueOf(DEFAULT_PORT)});
            } else if (!hosts.isEmpty()) {
                hosts.get(hosts.size() - 1)[1] = m.group(2);
            }
        }
        return hosts.stream().map(h -> h[0] + ":" + h[1]).collect(Collectors.joining(","));
    }

    /** The URL's database: the MySQL "schema" of table names that do not give one. */
    @Override
    public String defaultSchema(SourceSettings settings) {
        return parse(settings.conn()).flatMap(ConnectionUrl::database).orElse("");
    }

    /** A port silent to Connector/J, which waits for the server's greeting: a server that waits for its client's. */
    private static final String SILENT_PORT = "PostgreSQL's 5432 given to a MySQL source";

    @Override
    public Source open(SourceSettings settings) throws Exception {
        String jdbcUrl = jdbcUrl(settings.conn());
        Properties properties = driverProperties(settings);
        return JdbcConnections.open(new com.mysql.cj.jdbc.Driver(), jdbcUrl, properties,
                "MySQL Connector/J does not accept this URL",
                new JdbcConnections.SessionSetup() {
                    @Override
                    public String statement(Connection connection) throws SQLException {
                        return sessionSetup(connection.getMetaData().getDatabaseProductVersion(),
                                settings.lockTimeoutSeconds());
                    }

                    @Override
                    public void run(Connection connection, Statement statement) throws SQLException {
                        setUp(statement, connection.getMetaData().getDatabaseProductVersion(),
                                settings.lockTimeoutSeconds());
                    }
                },
                new LoginBound(loginTimeoutSeconds(properties, settings), SILENT_PORT), settings.readTimeoutSeconds(),
                connection -> {
                    // Autocommit stays on: each statement reads its own consistent snapshot, and a
                    // streaming result set needs no transaction around it (unlike pgjdbc's portals).
                    // Read-only at the server already (sessionSetup); the driver is told too.
                    connection.setReadOnly(true);
                    return new MysqlSource(connection, defaultSchema(settings));
                });
    }

    /**
     * What the driver gets besides the URL. The connect timeout bounds the TCP connect only: the socket
     * timeout bounds the handshake (a server that accepts and then says nothing). Once connected, the
     * source's readTimeoutSeconds bounds each wait (JdbcConnections#open), so that a server that stops
     * answering mid-statement (a dropped network, a frozen server) fails the table rather than holding
     * the run, and the replica's lock, forever; Connector/J closes the connection then. Keepalive
     * (Connector/J's default, said here) lets the OS notice a dead peer too. Each of the two timeouts
     * only where the URL does not give its own: Connector/J lets a property override the URL's
     * parameter, so setting ours would have dropped the user's in silence (review).
     */
    static Properties driverProperties(SourceSettings settings) {
        Properties properties = new Properties();
        Optional<ConnectionUrl> url = parse(settings.conn());
        for (String timeout : List.of("connectTimeout", "socketTimeout")) {
            if (url.flatMap(u -> u.parameter(timeout, true)).isEmpty()) {
                properties.setProperty(timeout, String.valueOf(CONNECT_TIMEOUT_MILLIS));
            }
        }
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectionAttributes", "program_name:replicate");
        // The driver gets the credentials as properties (see Credentials), and a URL without them:
        // Connector/J would take the first / of a password for the path's, and repeat the rest in its error.
        Credentials.merge(properties, url, settings);
        properties.putAll(FIXED);
        return properties;
    }

    /**
     * The bound on the login, in seconds, rounded up: Connector/J's socketTimeout (milliseconds), ours
     * or the one the URL gives.
     */
    static int loginTimeoutSeconds(Properties properties, SourceSettings settings) {
        String millis = Optional.ofNullable(properties.getProperty("socketTimeout"))
                .or(() -> parse(settings.conn()).flatMap(u -> u.parameter("socketTimeout", true)))
                .orElse(String.valueOf(CONNECT_TIMEOUT_MILLIS));
        try {
            return (int) ((Long.parseLong(millis.strip()) + 999) / 1000);
        } catch (NumberFormatException e) {
            return CONNECT_TIMEOUT_MILLIS / 1000;
        }
    }

    /** The Connector/J URL, without user, password or secret parameters (see {@link #open}). */
    static String jdbcUrl(String conn) {
        Optional<ConnectionUrl> url = parse(conn);
        if (url.isEmpty()) {
            return conn.startsWith(JDBC_MARIADB) ? JDBC_MYSQL + conn.substring(JDBC_MARIADB.length()) : conn;
        }
        return "jdbc:" + url.get().withoutCredentials();
    }

    /**
     * The URL's parts, for mysql:// and for the common jdbc:mysql://host/db forms. Connector/J's
     * other forms (address=(host=...)...) parse to no URL, so identity falls back to "mysql" and the
     * configuration should then name the source.
     */
    static Optional<ConnectionUrl> parse(String conn) {
        String text = conn;
        if (text.startsWith(JDBC_MARIADB)) {
            text = "mysql:" + text.substring(JDBC_MARIADB.length());
        } else if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        return ConnectionUrl.parse(text);
    }
}
