package dev.replicate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A scratch PostgreSQL database on: the server named by {@code REPLICATE_TEST_POSTGRES_URL} (CI sets
 * it to the running one), else a Testcontainers PostgreSQL where Docker is available, else an
 * embedded PostgreSQL whose binaries come through Maven, so the tests pass with only a JDK.
 */
public final class PostgresTestDatabase extends TestDatabase {
    public static final String URL_VARIABLE = "REPLICATE_TEST_POSTGRES_URL";

    /** host:port, user and password of the server in use, shared by every test class of the JVM. */
    private record Server(String hostPort, String user, String password) {
    }

    private static Server server;

    /**
     * A scratch database holding the CLI tests' {@code orders} table (two rows, a timestamptz
     * watermark), then whatever {@code more} statements a test needs.
     */
    public static PostgresTestDatabase withOrders(String... more) {
        PostgresTestDatabase db = new PostgresTestDatabase();
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, total numeric(10,2))",
                "INSERT INTO orders VALUES (1, '2024-01-01 00:00:00+00', 9.99), (2, '2024-01-02 00:00:00+00', 19.99)");
        db.execute(more);
        return db;
    }

    public PostgresTestDatabase() {
        this("");
    }

    /** @param options what CREATE DATABASE takes after the name: another encoding, say */
    public PostgresTestDatabase(String options) {
        Server s = server();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + s.hostPort() + "/postgres", props(s));
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database + (options.isEmpty() ? "" : " " + options));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the scratch database: " + e.getMessage(), e);
        }
    }

    private static synchronized Server server() {
        if (server != null) {
            return server;
        }
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            // postgres://user[:password]@host:port/anything
            String rest = url.substring(url.indexOf("://") + 3);
            String userInfo = rest.contains("@") ? rest.substring(0, rest.lastIndexOf('@')) : "postgres";
            String hostPort = rest.substring(rest.lastIndexOf('@') + 1).split("/")[0];
            String[] credentials = userInfo.split(":", 2);
            server = new Server(hostPort, credentials[0], credentials.length > 1 ? credentials[1] : "");
        } else if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            server = new Server(container.getHost() + ":" + container.getMappedPort(5432), container.getUsername(),
                    container.getPassword());
        } else {
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
                server = new Server("127.0.0.1:" + embedded.getPort(), "postgres", "");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
            }
        }
        return server;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Properties props(Server s) {
        Properties properties = new Properties();
        properties.setProperty("user", s.user());
        if (!s.password().isEmpty()) {
            properties.setProperty("password", s.password());
        }
        return properties;
    }

    @Override
    public String sourceType() {
        return "postgres";
    }

    @Override
    public String conn() {
        Server s = server();
        String credentials = s.password().isEmpty() ? s.user() : s.user() + ":" + s.password();
        return "postgres://" + credentials + "@" + s.hostPort() + "/" + database;
    }

    @Override
    public String hostPort() {
        return server().hostPort();
    }

    @Override
    protected String jdbcUrl() {
        return "jdbc:postgresql://" + server().hostPort() + "/" + database;
    }

    @Override
    protected Properties jdbcProperties() {
        return props(server());
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String timestampType() {
        return "timestamp(6)";
    }

    @Override
    public String instantType() {
        return "timestamptz(6)";
    }

    @Override
    public String bytesType() {
        return "bytea";
    }

    @Override
    public String retypeColumn(String table, String column, String type) {
        return "ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column) + " TYPE " + type
                + " USING " + quote(column) + "::" + type;
    }

    @Override
    public String utcSession() {
        return "SET TIME ZONE 'UTC'";
    }

    @Override
    public String connReadingOnly(String table, List<String> readable, String unreadable) {
        String role = readerLogin();
        execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " LOGIN PASSWORD 'reader-pw'; END IF; END $$",
                "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT (" + String.join(", ", readable.stream().map(this::quote).toList()) + "), UPDATE ("
                        + quote(unreadable) + ") ON " + quote(table) + " TO " + role);
        return "postgres://" + role + ":reader-pw@" + server().hostPort() + "/" + database;
    }

    @Override
    public void close() {
        Server s = server();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + s.hostPort() + "/postgres", props(s));
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("DROP ROLE IF EXISTS " + readerLogin());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the scratch database " + database, e);
        }
    }
}
