package dev.replicate.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own in the shared PostgreSQL test server (127.0.0.1:5432, database test), dropped
 * when closed: other engineers' tests use the same server at the same time.
 */
public final class PgSchema implements AutoCloseable {
    public static final String URL = "postgres://postgres@127.0.0.1:5432/test";
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String name = "ux_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Connection connection;

    public PgSchema() throws SQLException {
        connection = DriverManager.getConnection(JDBC);
        execute("CREATE SCHEMA " + name);
    }

    public String name() {
        return name;
    }

    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.replace("$schema", name));
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}
