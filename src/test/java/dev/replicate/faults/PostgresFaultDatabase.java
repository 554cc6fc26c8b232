package dev.replicate.faults;

import dev.replicate.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/** The fault hooks for PostgreSQL. */
public final class PostgresFaultDatabase extends FaultDatabase {
    private final PostgresTestDatabase postgres;

    public PostgresFaultDatabase() {
        this(new PostgresTestDatabase());
    }

    private PostgresFaultDatabase(PostgresTestDatabase postgres) {
        super(postgres);
        this.postgres = postgres;
    }

    @Override
    public String transactionTimestampType() {
        return "timestamptz";
    }

    @Override
    public String transactionTimestamp() {
        // now() is the start of the transaction, however long it stays open.
        return "now()";
    }

    @Override
    public String sequenceColumn(String name) {
        return db.quote(name) + " BIGSERIAL NOT NULL";
    }

    @Override
    public int cutReplicateConnections() {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE application_name = 'replicate' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate replicate's backends: " + e.getMessage(), e);
        }
    }

    @Override
    public AutoCloseable blockReads(String table) {
        try {
            Connection connection = db.connect();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE " + db.quote(table) + " IN ACCESS EXCLUSIVE MODE");
            }
            return () -> {
                connection.rollback();
                connection.close();
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String withTimeBound(String conn, int seconds) {
        return conn + (conn.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D" + seconds + "s";
    }

    @Override
    public String timeBoundName() {
        return "statement_timeout";
    }

    @Override
    public List<String> timeBoundWords() {
        // Both ALTER ROLE forms: one set IN DATABASE is not removed by the role's RESET alone.
        return List.of("statement_timeout that replicate's login sets", "ALTER ROLE \"postgres\" RESET statement_timeout",
                "ALTER ROLE \"postgres\" IN DATABASE \"" + db.databaseName() + "\" RESET statement_timeout");
    }

    @Override
    public PasswordDatabase passwordDatabase() {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        String role = "replicate_pw_" + suffix;
        String password = "Right-" + suffix;
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                "GRANT USAGE ON SCHEMA public TO " + role,
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + role);
        if (rejectsWrongPassword(postgres.hostPort(), postgres.databaseName(), role)) {
            return new Shared(role, password);
        }
        // The server trusts every local login (as the development and CI servers do), so it cannot
        // show a wrong password; start a throw-away server of our own that checks them.
        dropRole(role);
        PrivatePostgres server;
        try {
            server = PrivatePostgres.start();
        } catch (Exception e) {
            Assumptions.abort("the PostgreSQL server trusts local logins and no private PostgreSQL could be"
                    + " started to check a password (" + e.getMessage() + ")");
            throw new AssertionError(e);
        }
        server.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                "CREATE DATABASE scratch");
        server.executeIn("scratch", "GRANT USAGE ON SCHEMA public TO " + role,
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + role);
        return new PasswordDatabase() {
            @Override
            public void execute(String... statements) {
                server.executeIn("scratch", statements);
            }

            @Override
            public List<List<String>> query(String sql) {
                return server.queryIn("scratch", sql);
            }

            @Override
            public String sourceType() {
                return "postgres";
            }

            @Override
            public String conn(String pass) {
                return "postgres://" + role + ":" + pass + "@" + server.hostPort() + "/scratch";
            }

            @Override
            public String correctPassword() {
                return password;
            }

            @Override
            public String rejectionText() {
                return "password authentication failed";
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    private static boolean rejectsWrongPassword(String hostPort, String database, String role) {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", "certainly-not-it");
        try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/" + database,
                properties)) {
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private void dropRole(String role) {
        db.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM " + role,
                "REVOKE USAGE ON SCHEMA public FROM " + role, "DROP ROLE " + role);
    }

    /** The password login on the shared server, in the scratch database. */
    private final class Shared implements PasswordDatabase {
        private final String role;
        private final String password;

        Shared(String role, String password) {
            this.role = role;
            this.password = password;
        }

        @Override
        public void execute(String... statements) {
            db.execute(statements);
        }

        @Override
        public List<List<String>> query(String sql) {
            return db.query(sql);
        }

        @Override
        public String sourceType() {
            return "postgres";
        }

        @Override
        public String conn(String pass) {
            return "postgres://" + role + ":" + pass + "@" + postgres.hostPort() + "/" + postgres.databaseName();
        }

        @Override
        public String correctPassword() {
            return password;
        }

        @Override
        public String rejectionText() {
            return "password authentication failed";
        }

        @Override
        public void close() {
            // Objects the role owns or privileges it holds go with the scratch database; the role is global.
            db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
        }
    }
}
