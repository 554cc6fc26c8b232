package dev.replicate.source.postgres;

import dev.replicate.source.Source;
import dev.replicate.source.jdbc.JdbcConnector;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.jdbc.ConnectionUrl;
import dev.replicate.source.jdbc.Credentials;
import dev.replicate.source.jdbc.JdbcConnections;
import dev.replicate.source.jdbc.LoginBound;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL: {@code postgres://}, {@code postgresql://} and {@code jdbc:postgresql:} URLs. */
public final class PostgresConnector extends JdbcConnector {
    static final int DEFAULT_PORT = 5432;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * Instants are formatted in UTC by us; the session zone matters for values PostgreSQL prints
     * itself (timestamptz inside arrays and JSON built by to_json). And every transaction read-only,
     * by default for the session: pgjdbc begins the statements' transactions READ ONLY (setReadOnly),
     * but not the one a COPY starts, in which a "where" or a "query" calling a function that writes
     * (or nextval) would have written. Doubles printed in their shortest exact form (extra_float_digits
     * 3; 17 digits before PostgreSQL 12): a database or role may set fewer (0 was the default before 12),
     * which rounds every double and real read as text (COPY, arrays) to 15 or fewer digits, silently.
     * bytea printed in hex (bytea_output 'escape' printed "\\000\\377", which COPY's reader stored as those
     * eleven bytes, and a bytea[] as its JSON of escapes), and intervals in PostgreSQL's own style (the
     * replica's '1 day 02:00:00', not 'P1DT2H' under IntervalStyle iso_8601): a database or role may set
     * either, and the replica's values would follow it, silently, and change when the setting does.
     * Identifiers unquoted in the catalog's text (quote_all_identifiers on printed information_schema's
     * data_type of a bytea column as "bytea", with the quotes: every column then read as text, a bytea's
     * bytes as their hex text, and a text watermark refused). pg_catalog searched first, before any schema of the session's search_path (kept, for a "query" or a
     * "where" that names tables or functions of its own): a search_path that puts a schema before
     * pg_catalog lets its functions, operators and tables shadow the built-in ones that replicate's own
     * statements call (to_json, ||, md5, pg_class...), and they changed values and reflection. Then the
     * timeouts that cancel a statement or end the session: a first sync streams a big table in one
     * statement, and a cursor's transaction waits while pages are written, so a statement_timeout that
     * the server or the database sets for every application cancelled the read of any table bigger than
     * it allows, and a sort before the first row longer than that failed every run (the source's
     * readTimeoutSeconds bounds a silent server instead). One set for replicate's own login (ALTER ROLE
     * ... SET, or "-c" in the URL's options) is kept: the DBA or the user chose it for this login.
     * All in one round trip (pgjdbc sends the statements together).
     */
    private static final String SESSION_SETUP = "SELECT pg_catalog.set_config('search_path',"
            + " pg_catalog.concat('pg_catalog, ', pg_catalog.current_setting('search_path')), false);"
            + " SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';"
            + " SET bytea_output = 'hex'; SET extra_float_digits = 3; SET quote_all_identifiers = off;"
            + " SELECT set_config(name, '0', false) FROM pg_settings WHERE name IN ('statement_timeout',"
            + " 'idle_in_transaction_session_timeout', 'transaction_timeout')"
            + " AND source NOT IN ('user', 'database user', 'client');"
            + " SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";

    /**
     * A port silent to pgjdbc, which speaks first (an 8-byte SSLRequest or startup packet): a service that waits
     * for a whole line of its own protocol. (MySQL's greets unasked, and is NotPostgres instead.)
     */
    private static final String SILENT_PORT = "Redis's 6379 given to a PostgreSQL source";

    private final String sessionSetup;
    private final PostgresReadSettings readSettings;

    /** As {@link java.util.ServiceLoader} makes it: reads as the user chose with system properties. */
    public PostgresConnector() {
        this(SESSION_SETUP, PostgresReadSettings.fromSystemProperties());
    }

    /** Reading as the settings say: lets a test open a COPY and a fetch-size source in one JVM. */
    PostgresConnector(PostgresReadSettings readSettings) {
        this(SESSION_SETUP, readSettings);
    }

    /** With other session statements than the usual ones: lets a test make them fail. */
    PostgresConnector(String sessionSetup) {
        this(sessionSetup, PostgresReadSettings.fromSystemProperties());
    }

    private PostgresConnector(String sessionSetup, PostgresReadSettings readSettings) {
        this.sessionSetup = sessionSetup;
        this.readSettings = readSettings;
    }

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public List<String> check(SourceSettings settings) {
        String conn = settings.conn();
        if (conn.startsWith("jdbc:postgresql:") && !conn.startsWith("jdbc:postgresql://")) {
            // jdbc:postgresql:database and the like, the driver's own forms: left to it, but for a socket.
            // (jdbc:postgresql:///database?host=... is not: without a host in its address part the source
            // could not be named by its server, and a change of server would go unseen.)
            return UnixSocket.problem(conn, settings.properties()).map(List::of).orElse(List.of());
        }
        if (!conn.startsWith("postgres://") && !conn.startsWith("postgresql://") && !conn.startsWith("jdbc:postgresql://")) {
            return List.of("a PostgreSQL source needs a postgres://, postgresql:// or jdbc:postgresql: URL");
        }
        Optional<String> socket = UnixSocket.problem(conn, settings.properties());
        if (socket.isPresent()) {
            return List.of(socket.get());
        }
        Optional<ConnectionUrl> url = ConnectionUrl.parseConn(conn);
        if (url.isEmpty()) {
            return List.of("is not a URL of the form postgres://user:password@host:port/database (a ? or % in the"
                    + " password is written %3F or %25)");
        }
        if (conn.startsWith("jdbc:")) {
            return List.of();
        }
        if (url.get().database().isEmpty()) {
            return List.of("names no database; write postgres://host:port/database");
        }
        return List.of();
    }

    @Override
    public String identity(SourceSettings settings) {
        return ConnectionUrl.parseConn(settings.conn())
                .map(url -> "postgres://" + url.hostsWithPort(DEFAULT_PORT) + "/" + url.database().orElse(""))
                .orElse("postgres");
    }

    @Override
    public String defaultSchema(SourceSettings settings) {
        return "public";
    }

    /**
     * The bound on the login, in seconds: pgjdbc's socketTimeout, ours or the one the source's properties
     * give, unless the URL gives its own (pgjdbc lets the URL's parameters win).
     */
    static int loginTimeoutSeconds(Optional<ConnectionUrl> url, Properties properties) {
        String seconds = url.flatMap(u -> u.parameter("socketTimeout", false))
                .orElse(properties.getProperty("socketTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS)));
        try {
            return Integer.parseInt(seconds.strip());
        } catch (NumberFormatException e) {
            return CONNECT_TIMEOUT_SECONDS;
        }
    }

    @Override
    public Source open(SourceSettings settings) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        // The connect timeout bounds the TCP connect only: the socket timeout bounds the login (a server
        // that accepts and then says nothing). Once connected, the source's readTimeoutSeconds bounds each
        // wait (JdbcConnections#open), so that a server that stops answering mid-statement (a dropped
        // network, a frozen server) fails the table rather than holding the run, and the replica's lock,
        // forever; pgjdbc closes the connection then. Keepalive lets the OS notice a dead peer too.
        properties.setProperty("socketTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "replicate");
        // The application name in the startup packet, where pgjdbc puts it for a server it may assume to
        // be 9.0 or newer (every supported one), instead of a SET after connecting: one round trip less
        // per run (issue #17). From PostgreSQL 12 on, pgjdbc then sends no statement of its own at all.
        properties.setProperty("assumeMinServerVersion", "9.0");
        // The driver gets the credentials as properties (see Credentials), and a URL without them.
        String jdbcUrl = settings.conn();
        Optional<ConnectionUrl> url = ConnectionUrl.parseConn(settings.conn());
        if (url.isPresent()) {
            jdbcUrl = "jdbc:postgresql://" + url.get().withoutCredentials().substring(url.get().scheme().length() + 3);
        }
        Credentials.merge(properties, url, settings);
        // A statement that waits for a table's lock (another session's ALTER TABLE or LOCK TABLE) fails
        // after the source's lockTimeoutSeconds, and with it that table only; in the same round trip.
        // 0 leaves the server's (none, unless the role or database sets one).
        int lockTimeout = settings.lockTimeoutSeconds();
        try {
            return open(jdbcUrl, properties, url, settings, lockTimeout);
        } catch (SQLException e) {
            throw NotPostgres.explained(e);
        }
    }

    private Source open(String jdbcUrl, Properties properties, Optional<ConnectionUrl> url, SourceSettings settings,
                        int lockTimeout) throws SQLException {
        return JdbcConnections.open(new org.postgresql.Driver(), jdbcUrl, properties,
                "the PostgreSQL driver does not accept this URL",
                sessionSetup + (lockTimeout > 0 ? "; SET lock_timeout = '" + lockTimeout + "s'" : ""),
                new LoginBound(loginTimeoutSeconds(url, properties), SILENT_PORT), settings.readTimeoutSeconds(),
                connection -> {
                    // Autocommit: every statement (a COPY too) is one round trip, with no ROLLBACK after it to
                    // end its transaction; a stream through a fetch-size cursor, which needs a transaction
                    // in pgjdbc, opens one and ends it (PostgresSource#prepareStreaming, #endStream).
                    // Read-only all the same, by the session's default (SESSION_SETUP).
                    connection.setReadOnly(true);
                    return new PostgresSource(connection, readSettings);
                });
    }
}
