package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.replicate.source.jdbc.ConnectionUrl;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.SecretCases;
import dev.replicate.testing.SecretCases.Case;
import dev.replicate.testing.SecretCases.Form;
import dev.replicate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password of URL specials, in every way a configuration holds one, through every channel the CLI
 * writes to: stdout and stderr of run, validate-config --connect and status (text and JSON), the
 * --log-file, the SQLite file (and its _replicate_log), and the drivers' own java.util.logging
 * output. Half the cases reach the database, which proves the connector read the password the way
 * the masking did (MySQL checks it); the others fail to connect, so that the drivers' error texts
 * are produced.
 */
class SecretChannelsTest {
    private static final int CASES = Integer.getInteger("replicate.secretCases", 16);
    private static PostgresTestDatabase postgres;
    private static MysqlTestDatabase mysql;
    private static final String MYSQL_USER = "rs_" + Long.toHexString(System.nanoTime()).substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabases() {
        postgres = new PostgresTestDatabase();
        postgres.execute("CREATE TABLE t (id bigint PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        mysql = new MysqlTestDatabase();
        mysql.execute("CREATE TABLE t (id bigint PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        for (String host : List.of("%", "localhost")) {
            mysql.execute("CREATE USER '" + MYSQL_USER + "'@'" + host + "' IDENTIFIED BY 'x'",
                    "GRANT SELECT ON " + mysql.databaseName() + ".* TO '" + MYSQL_USER + "'@'" + host + "'");
        }
    }

    @AfterAll
    static void dropDatabases() {
        for (String host : List.of("%", "localhost")) {
            mysql.execute("DROP USER IF EXISTS '" + MYSQL_USER + "'@'" + host + "'");
        }
        mysql.close();
        postgres.close();
    }

    @Test
    void aPasswordNeverShowsInAnyOutput() throws Exception {
        long seed = SecretCases.seed();
        Random random = new Random(seed);
        List<String> logged = new ArrayList<>();
        Handler driverLog = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(new SimpleFormatter().format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(driverLog);
        try {
            for (int i = 0; i < CASES; i++) {
                String password = i == 0 ? "S3cr3t/Pa55" : i == 1 ? "S3cr3t@Pa55" : SecretCases.password(random);
                Form form = i < 2 ? Form.JDBC_USERINFO : Form.values()[random.nextInt(Form.values().length)];
                boolean onMysql = i < 2 || random.nextBoolean();
                boolean reachable = i >= 2 && random.nextBoolean();
                Case c = source(random, onMysql, reachable, password, form);
                synchronized (logged) {
                    logged.clear();
                }
                try {
                    check(dir.resolve("case" + i), c, reachable, logged);
                } catch (AssertionError | Exception e) {
                    fail("case " + i + " " + c + ": " + e.getMessage() + " [seed " + seed
                            + "; replay with -Dreplicate.seed=" + seed + "]", e);
                }
            }
        } finally {
            Logger.getLogger("").removeHandler(driverLog);
        }
    }

    /** The hostile test's URLs: a password in ?password= with its & unencoded, on MariaDB, which checks it. */
    @Test
    void aCarelessPasswordParameterNeverShows() throws Exception {
        Random random = new Random(SecretCases.seed());
        List<String> passwords = List.of("Kq7w/Lm8x&Yy7u+Ee8r=Tt9i;Uu0o Gg1a", "Kq7wLm8x&socketFactory=Tt9iUu0o");
        for (int i = 0; i < passwords.size(); i++) {
            Case c = source(random, true, true, passwords.get(i), Form.CARELESS_QUERY);
            // "socketFactory" is Connector/J's own word (StandardSocketFactory in its traces): the
            // pieces that must not show are the ones only the password has.
            List<String> spellings = i == 0 ? c.spellings() : List.of("Kq7wLm8x", "Tt9iUu0o");
            check(dir.resolve("careless" + i), c, true, new ArrayList<>(), spellings);
        }
    }

    /**
     * A driver's error that repeats the password (here Connector/J naming an unknown character set given
     * as the password too) is masked by every command that reports a table's error, verify and reflect
     * as well as run and validate-config --connect.
     */
    @Test
    void aDriverErrorRepeatingThePasswordIsMaskedByEveryCommand() throws Exception {
        String password = "Wq4zPv7nXk2m";
        Path config = dir.resolve("c.json");
        Files.writeString(config, "[{\"source\": \"mysql\", \"conn\": \"mysql://" + MYSQL_USER + ":" + password + "@"
                + mysql.hostPort() + "/" + mysql.databaseName() + "?passwordCharacterEncoding=" + password
                + "\", \"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]}]");
        String[] common = {"--config", config.toString(), "--db", dir.resolve("r.db").toString()};
        List<String[]> commands = List.of(new String[] {"run", "-vv"}, new String[] {"validate-config", "--connect"},
                new String[] {"reflect"}, new String[] {"verify"}, new String[] {"verify", "--json"},
                new String[] {"verify", "--repair", "-vv"});
        for (String[] command : commands) {
            CliRun ran = CliRun.run(dir, concat(command, common));
            assertTrue(ran.status == ExitStatus.TABLE_FAILED, () -> String.join(" ", command) + ": " + ran);
            assertTrue(ran.toString().contains("character encoding"), () -> String.join(" ", command) + ": " + ran);
            SecretCases.leak(ran.toString(), List.of(password))
                    .ifPresent(leak -> fail(String.join(" ", command) + " leaked " + leak + ": " + ran));
        }
    }

    private static Case source(Random random, boolean onMysql, boolean reachable, String password, Form form) {
        JsonArray tables = JsonParser.parseString("[{\"name\": \"t\", \"watermark\": \"id\"}]").getAsJsonArray();
        TestDatabase db = onMysql ? mysql : postgres;
        String user;
        if (onMysql) {
            user = MYSQL_USER;
            String literal = password.replace("\\", "\\\\").replace("'", "''");
            for (String host : List.of("%", "localhost")) {
                mysql.execute("ALTER USER '" + MYSQL_USER + "'@'" + host + "' IDENTIFIED BY '" + literal + "'");
            }
        } else {
            user = ConnectionUrl.parse(postgres.conn()).orElseThrow().user().orElse("postgres");
        }
        String hostAndDb = !reachable && random.nextBoolean() ? "127.0.0.1:1/" + db.databaseName()
                : db.hostPort() + "/" + (reachable ? db.databaseName() : "no_such_database");
        String scheme = onMysql ? "mysql" : random.nextBoolean() ? "postgres" : "postgresql";
        // The issue's own cases are written as they are, unencoded.
        boolean encoded = !password.startsWith("S3cr3t") && random.nextBoolean();
        return SecretCases.block(random, encoded, db.sourceType(), scheme, user, password, form, hostAndDb, tables);
    }

    private static void check(Path caseDir, Case c, boolean reachable, List<String> logged) throws Exception {
        check(caseDir, c, reachable, logged, c.spellings());
    }

    private static void check(Path caseDir, Case c, boolean reachable, List<String> logged, List<String> spellings)
            throws Exception {
        Files.createDirectories(caseDir);
        Path config = caseDir.resolve("c.json");
        Files.writeString(config, "[" + c.block() + "]");
        Path replica = caseDir.resolve("r.db");
        Path logFile = caseDir.resolve("replicate.log");
        String[] common = {"--config", config.toString(), "--db", replica.toString(), "--log-file", logFile.toString()};
        Set<Integer> expected = Set.of(reachable ? ExitStatus.OK : ExitStatus.TABLE_FAILED);
        if (c.form() == Form.CARELESS_QUERY) {
            // An & (or +) left unencoded changes the password the URL holds: a refusal where a
            // parameter no driver has follows (exit 2), else a wrong password or a parameter the
            // driver fails on (PostgreSQL here trusts local logins, so it may still connect).
            Optional<String> read = ConnectionUrl.parseConn(c.conn()).map(u -> u.credentials().getProperty("password"));
            if (ConnectionUrl.fault(c.conn()).isPresent()) {
                expected = Set.of(ExitStatus.USAGE);
            } else if (!read.equals(Optional.of(c.password()))) {
                expected = Set.of(ExitStatus.OK, ExitStatus.TABLE_FAILED, ExitStatus.USAGE);
            }
        }
        Set<Integer> allowed = expected;
        List<String> channels = new ArrayList<>();

        CliRun run = CliRun.run(caseDir, concat(new String[] {"run", "-vv"}, common));
        channels.add(run.toString());
        assertTrue(allowed.contains(run.status), () -> "run: " + run);
        CliRun validate = CliRun.run(caseDir, concat(new String[] {"validate-config", "--connect", "-vv"}, common));
        channels.add(validate.toString());
        assertTrue(allowed.contains(validate.status), () -> "validate-config --connect: " + validate);
        CliRun status = CliRun.run(caseDir, concat(new String[] {"status", "-v"}, common));
        channels.add(status.toString());
        CliRun json = CliRun.run(caseDir, concat(new String[] {"status", "--json"}, common));
        channels.add(json.toString());
        assertTrue(allowed.contains(json.status), () -> "status --json: " + json);

        if (Files.exists(replica)) { // a refused configuration writes nothing
            channels.add("log file: " + Files.readString(logFile));
            channels.add("_replicate_log: " + ReplicaReader.query(replica, "SELECT * FROM _replicate_log"));
        } else if (Files.exists(logFile)) {
            channels.add("log file: " + Files.readString(logFile));
        }
        for (String name : List.of("r.db", "r.db-wal", "r.db-journal")) {
            Path file = caseDir.resolve(name);
            if (Files.exists(file)) {
                channels.add(name + ": " + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        synchronized (logged) {
            channels.add("java.util.logging: " + String.join("", logged));
        }
        for (String channel : channels) {
            SecretCases.leak(channel, spellings).ifPresent(leak -> fail("leaked " + leak));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
