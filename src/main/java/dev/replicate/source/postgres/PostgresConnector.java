package dev.replicate.source.postgres;

import dev.replicate.source.Source;
import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.jdbc.ConnectionUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL: {@code postgres://}, {@code postgresql://} and {@code jdbc:postgresql:} URLs. */
public final class PostgresConnector implements SourceConnector {
    static final int DEFAULT_PORT = 5432;

    /**
     * Instants are formatted in UTC by us; the session zone matters for values PostgreSQL prints
     * itself (timestamptz inside arrays and JSON built by to_json). Both settings in one round trip
     * (pgjdbc sends the two statements together).
     */
    private static final String SESSION_SETUP = "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'";

    private final String sessionSetup;

    public PostgresConnector() {
        this(SESSION_SETUP);
    }

    /** With other session statements than the usual ones: lets a test make them fail. */
    PostgresConnector(String sessionSetup) {
        this.sessionSetup = sessionSetup;
    }

    @Override
    public String type() {
        return "postgres";
    }

    /**
     * This source's package, and the pgjdbc packages a connection, reflection and a COPY read load
     * (listed with -Xlog:class+load).
     */
    @Override
    public List<String> archivedPackages() {
        return List.of("dev/replicate/source/postgres/",
                "org/postgresql/", "org/postgresql/copy/", "org/postgresql/core/", "org/postgresql/core/v3/",
                "org/postgresql/core/v3/adaptivefetch/", "org/postgresql/geometric/", "org/postgresql/hostchooser/",
                "org/postgresql/jdbc/", "org/postgresql/jdbcurlresolver/", "org/postgresql/ssl/",
                "org/postgresql/util/", "org/postgresql/util/internal/");
    }

    @Override
    public List<String> check(SourceSettings settings) {
        String conn = settings.conn();
        if (conn.startsWith("jdbc:postgresql:") && !conn.startsWith("jdbc:postgresql://")) {
            return List.of(); // jdbc:postgresql:database and the like, the driver's own forms
        }
        if (!conn.startsWith("postgres://") && !conn.startsWith("postgresql://") && !conn.startsWith("jdbc:postgresql://")) {
            return List.of("a PostgreSQL source needs a postgres://, postgresql:// or jdbc:postgresql: URL");
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

    @Override
    public Source open(SourceSettings settings) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "replicate");
        // The driver gets the credentials as properties, read by ConnectionUrl as the masking read them,
        // and a URL without them.
        String jdbcUrl = settings.conn();
        Optional<ConnectionUrl> url = ConnectionUrl.parseConn(settings.conn());
        if (url.isPresent()) {
            jdbcUrl = "jdbc:postgresql://" + url.get().withoutCredentials().substring(url.get().scheme().length() + 3);
            properties.putAll(url.get().credentials());
        }
        settings.user().ifPresent(u -> properties.setProperty("user", u));
        settings.password().ifPresent(p -> properties.setProperty("password", p));
        properties.putAll(settings.properties());
        // The driver is used directly rather than through DriverManager, so a plugged-in jar cannot shadow it.
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (connection == null) {
            throw new IllegalArgumentException("the PostgreSQL driver does not accept this URL");
        }
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sessionSetup);
            }
            // Streaming a result set with a fetch size needs a transaction in pgjdbc.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return new PostgresSource(connection, PostgresSource.copyWanted());
        } catch (SQLException | RuntimeException e) {
            // Nobody else holds the connection yet: left open, it would keep a backend until the JVM exits.
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
