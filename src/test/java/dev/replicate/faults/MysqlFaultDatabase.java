package dev.replicate.faults;

import dev.replicate.testing.MysqlTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The fault hooks for MySQL and MariaDB. The database class is referenced directly, not looked up by
 * name: a lookup that skipped the suite when the class was missing let a rename turn every MySQL
 * fault scenario off without a failure; now a rename is a compile error.
 */
public final class MysqlFaultDatabase extends FaultDatabase {
    private final MysqlTestDatabase mysql;

    private MysqlFaultDatabase(MysqlTestDatabase mysql) {
        super(mysql);
        this.mysql = mysql;
    }

    static MysqlFaultDatabase create() {
        return new MysqlFaultDatabase(new MysqlTestDatabase());
    }

    @Override
    public String transactionTimestampType() {
        return "DATETIME(6)";
    }

    @Override
    public List<String> atTransactionStart() {
        // NOW() is the statement's time in MySQL; pin the transaction's start as PostgreSQL's now() is.
        return List.of("SET @tx_start = NOW(6)");
    }

    @Override
    public String transactionTimestamp() {
        return "@tx_start";
    }

    @Override
    public String sequenceColumn(String name) {
        // AUTO_INCREMENT needs an index; UNIQUE, since the append-only table must have no primary key.
        return db.quote(name) + " BIGINT NOT NULL AUTO_INCREMENT UNIQUE";
    }

    @Override
    public int cutReplicateConnections() {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            List<Long> ids = new ArrayList<>();
            // Replicate's connections to the scratch database: the only other ones while a run works.
            try (ResultSet rs = statement.executeQuery("SELECT id FROM information_schema.PROCESSLIST"
                    + " WHERE db = DATABASE() AND id <> CONNECTION_ID()")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            int cut = 0;
            for (long id : ids) {
                try {
                    statement.execute("KILL " + id);
                    cut++;
                } catch (SQLException gone) {
                    // ended meanwhile
                }
            }
            return cut;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot kill replicate's connections: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean cutSurfacesMidTable() {
        // Connector/J streams the result into the socket: rows already sent arrive after the kill.
        return false;
    }

    @Override
    public String withTimeBound(String conn, int seconds) {
        String setting = timeBoundName() + "=" + (timeBoundName().equals("max_statement_time") ? seconds : seconds * 1000);
        return conn + (conn.contains("?") ? "&" : "?") + "sessionVariables=" + setting;
    }

    @Override
    public String timeBoundName() {
        return db.query("SELECT VERSION()").get(0).get(0).contains("MariaDB") ? "max_statement_time" : "max_execution_time";
    }

    @Override
    public List<String> timeBoundWords() {
        // A server-wide init_connect, a query's hint or SET STATEMENT ... FOR is kept too: not only the login's.
        return List.of(timeBoundName() + " bound kept for this session (the login's, the URL's, init_connect's or"
                + " the query's", "init_connect", timeBoundName().equals("max_statement_time") ? "SET STATEMENT"
                : "MAX_EXECUTION_TIME() */ hint");
    }

    @Override
    public AutoCloseable blockReads(String table) {
        try {
            Connection connection = db.connect();
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLES " + db.quote(table) + " WRITE");
            }
            return () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLOCK TABLES");
                }
                connection.close();
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PasswordDatabase passwordDatabase() {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        String user = "replicate_pw_" + suffix;
        String password = "Right-" + suffix;
        String database = mysql.databaseName();
        // Every host form, so that no anonymous account of the server takes precedence.
        List<String> hosts = List.of("%", "localhost", "127.0.0.1");
        for (String host : hosts) {
            try {
                db.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'",
                        "GRANT SELECT ON " + db.quote(database) + ".* TO '" + user + "'@'" + host + "'");
            } catch (IllegalStateException e) {
                // The embedded MariaDB (a fresh machine without servers) runs without grant tables:
                // it has no accounts and accepts any password, so there is nothing to get wrong.
                Assumptions.assumeFalse(String.valueOf(e.getMessage()).contains("skip-grant-tables"),
                        "the server does not check passwords (an embedded MariaDB without grant tables)");
                throw e;
            }
        }
        return new PasswordDatabase() {
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
                return db.sourceType();
            }

            @Override
            public String conn(String pass) {
                return "mysql://" + user + ":" + pass + "@" + mysql.hostPort() + "/" + database
                        + "?allowPublicKeyRetrieval=true";
            }

            @Override
            public String correctPassword() {
                return password;
            }

            @Override
            public String rejectionText() {
                return "Access denied";
            }

            @Override
            public void close() {
                for (String host : hosts) {
                    db.execute("DROP USER '" + user + "'@'" + host + "'");
                }
            }
        };
    }
}
