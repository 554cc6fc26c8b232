package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.ReadRequest;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening a PostgreSQL source, and reading when the server goes away, against a real server. */
class PostgresConnectorTest {
    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = new PostgresTestDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /**
     * libpq's ways to name a Unix socket, which a user pastes from psql's settings, are refused when the
     * configuration is checked (exit 2, naming the socket): pgjdbc connects over TCP only, and took the
     * socket's folder for a host name ("The connection attempt failed.") or the URL for no URL at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres://app:pa55@%2Fvar%2Frun%2Fpostgresql/shop",
            "postgresql://app@%2fvar%2frun%2fpostgresql:5432/shop", "postgresql:///shop?host=/var/run/postgresql",
            "postgres://app:pa55@localhost/shop?host=%2Fvar%2Frun%2Fpostgresql", "postgresql://app@/shop",
            "jdbc:postgresql://localhost/shop?host=/var/run/postgresql", "jdbc:postgresql:shop?host=/var/run/postgresql",
            "jdbc:postgresql:shop?user=app&host=%2Fvar%2Frun%2Fpostgresql", "jdbc:postgresql:shop?HOST=/var/run/postgresql",
            "postgres://app@localhost/shop?Host=%2Fvar%2Frun%2Fpostgresql"})
    void aUnixSocketIsRefusedNamingIt(String conn) {
        List<String> problems = new PostgresConnector().check(new SourceSettings(conn, Optional.empty(),
                Optional.empty(), Map.of()));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("Unix socket") && problems.get(0).contains("127.0.0.1:5432"),
                problems::toString);
        assertTrue(problems.get(0).contains(conn.contains("@/") ? "names no host" : "(/var/run/postgresql)"),
                problems::toString);
        assertTrue(!problems.get(0).contains("pa55"), problems::toString);
        // pgjdbc does reach a socket through a socketFactory (junixsocket): said, rather than "never".
        assertTrue(problems.get(0).contains("over TCP unless a socketFactory such as junixsocket is given"),
                problems::toString);
    }

    /**
     * libpq's host= parameter naming a TCP host, with no host in the address part (postgres:/// or
     * jdbc:postgresql:///): not a socket, but a source replicate could not name by its host, so that a
     * change of server would not be seen (its identity would be "postgres" whatever the host=).
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres:///shop?host=127.0.0.1", "postgresql://app:pa55@/shop?host=db.example.com&port=5433",
            "postgres:///shop?HOST=127.0.0.1", "jdbc:postgresql:///shop?host=127.0.0.1",
            "jdbc:postgresql:///shop?Host=127.0.0.1&PORT=5432"})
    void aHostParameterWithoutAHostSaysToWriteItInTheAddress(String conn) {
        List<String> problems = new PostgresConnector().check(new SourceSettings(conn, Optional.empty(),
                Optional.empty(), Map.of()));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("replicate names the source by the host of its address part")
                && !problems.get(0).contains("Unix socket") && !problems.get(0).contains("does not read"),
                problems::toString);
        assertTrue(problems.get(0).contains(conn.contains("127.0.0.1") ? "127.0.0.1" : "db.example.com"),
                problems::toString);
        assertTrue(!problems.get(0).contains("pa55"), problems::toString);
    }

    @Test
    void anIpv6HostParameterIsBracketedInTheAddressToWrite() {
        List<String> problems = new PostgresConnector().check(new SourceSettings("postgres:///shop?host=::1",
                Optional.empty(), Optional.empty(), Map.of()));
        assertTrue(problems.size() == 1 && problems.get(0).contains("postgres://user@[::1]:5432/database"),
                problems::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://app:pa/ss@db.example.com/shop", "postgres://app:p%2Fss@db.example.com:5433/shop",
            "postgres://db.example.com/shop?options=-c%20search_path%3D/x", "jdbc:postgresql://localhost/shop?"
            + "socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg=/run/pg/.s.PGSQL.5432",
            "postgres://app:S3c?host=/Pa55@db.example.com/shop", "jdbc:postgresql:shop", "jdbc:postgresql:shop?host=/run/pg&"
            + "socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg=/run/pg/.s.PGSQL.5432"})
    void aTcpAddressIsNoUnixSocket(String conn) {
        aTcpAddressIsNoUnixSocket(conn, Map.of());
    }

    /**
     * pgjdbc reads a host= URL argument (any case) over the address part, so a jdbc: URL naming a TCP
     * host there is the driver's to take; a socketFactory among the properties reaches a socket.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://ignored/shop?HOST=127.0.0.1"})
    void aJdbcHostParameterIsTheDrivers(String conn) {
        aTcpAddressIsNoUnixSocket(conn, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql:shop?host=/run/pg", "jdbc:postgresql://localhost/shop?host=/run/pg"})
    void aSocketFactoryAmongThePropertiesIsLeftToTheDriver(String conn) {
        aTcpAddressIsNoUnixSocket(conn, Map.of("socketFactory", "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg",
                "socketFactoryArg", "/run/pg/.s.PGSQL.5432"));
    }

    private static void aTcpAddressIsNoUnixSocket(String conn, Map<String, String> properties) {
        if (conn.contains(":S3c?host=")) {
            // A ? left in a password: refused as before, without a piece of the password taken for a socket.
            List<String> problems = new PostgresConnector().check(new SourceSettings(conn, Optional.empty(),
                    Optional.empty(), Map.of()));
            assertTrue(problems.size() == 1 && problems.get(0).startsWith("is not a URL"), problems::toString);
            return;
        }
        assertEquals(List.of(), new PostgresConnector().check(new SourceSettings(conn, Optional.empty(),
                Optional.empty(), properties)));
    }

    /**
     * A conn whose port is another service's (MySQL's 3306 pasted into a PostgreSQL source) failed with
     * pgjdbc's "An error occurred while setting up the SSL connection." (or, under sslmode=disable,
     * "Protocol error.  Session setup failed."), which sent the user after TLS. Here a server that greets
     * as MySQL and MariaDB do, unasked, on a socket of the test's own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "?sslmode=disable"})
    void aPortThatIsAnotherServicesSaysSo(String parameters) throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket client = server.accept()) {
                        client.getOutputStream().write("\u0005\u0000\u0000\u0000\n5.5.5-10.11.6-MariaDB\u0000"
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                        client.getOutputStream().flush();
                        Thread.sleep(200);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            greeter.setDaemon(true);
            greeter.start();
            String conn = "postgres://app:pa55@127.0.0.1:" + server.getLocalPort() + "/shop" + parameters;
            SQLException failure = assertThrows(SQLException.class, () -> new PostgresConnector().open(
                    new SourceSettings(conn, Optional.empty(), Optional.empty(), Map.of())));
            assertTrue(String.valueOf(failure.getMessage()).startsWith("the server at that host and port does not"
                    + " answer as PostgreSQL does"), failure::toString);
        }
    }

    /**
     * PgBouncer answers every failure of its own (a wrong password, an unknown database, a full pool, a
     * server it cannot reach) with protocol_violation, 08P01, in an ErrorResponse of its own words: those
     * were blamed on "another service's port". The server's words stay as they are; here a server that
     * answers the login as PgBouncer does, on a socket of the test's own.
     */
    @Test
    void aProxysOwnProtocolErrorKeepsItsWords() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread bouncer = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket client = server.accept()) {
                        java.io.DataInputStream in = new java.io.DataInputStream(client.getInputStream());
                        java.io.DataOutputStream out = new java.io.DataOutputStream(client.getOutputStream());
                        while (true) {
                            byte[] message = new byte[in.readInt() - 4];
                            in.readFully(message);
                            int code = java.nio.ByteBuffer.wrap(message).getInt();
                            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: refused
                                out.write('N');
                                out.flush();
                                continue;
                            }
                            byte[] fields = "SFATAL\0VFATAL\0C08P01\0Mpassword authentication failed\0\0"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                            out.write('E');
                            out.writeInt(fields.length + 4);
                            out.write(fields);
                            out.flush();
                            Thread.sleep(200);
                            break;
                        }
                    } catch (Exception e) {
                        if (server.isClosed()) {
                            return;
                        }
                    }
                }
            });
            bouncer.setDaemon(true);
            bouncer.start();
            String conn = "postgres://app:pa55@127.0.0.1:" + server.getLocalPort() + "/shop";
            SQLException failure = assertThrows(SQLException.class, () -> new PostgresConnector().open(
                    new SourceSettings(conn, Optional.empty(), Optional.empty(), Map.of())));
            assertTrue(String.valueOf(failure.getMessage()).contains("password authentication failed"), failure::toString);
            assertTrue(!String.valueOf(failure.getMessage()).contains("does not answer as PostgreSQL does"),
                    failure::toString);
        }
    }

    @Test
    void aSessionSettingThatFailsClosesTheConnection() throws Exception {
        // A name of its own, so that only this test's connection is counted.
        String application = "replicate-setfails-" + Long.toHexString(System.nanoTime());
        SourceSettings settings = new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application));
        SQLException failure = assertThrows(SQLException.class,
                () -> new PostgresConnector("SET no_such_setting_at_all = 1").open(settings));
        assertTrue(String.valueOf(failure.getMessage()).contains("no_such_setting_at_all"), failure::toString);
        // The backend goes away shortly after the client closes the connection; a leaked one stays.
        String count = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'";
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!db.query(count).equals(List.of(List.of("0"))) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(List.of("0")), db.query(count), "the connection was left open");
    }

    /**
     * A read whose connection the server cuts while the query waits (a restart, an administrator)
     * must fail with its own failure, not with what cleaning up on the dead connection says
     * afterwards ("This connection has been closed", "An I/O error occurred while sending to the
     * backend"). Through COPY and through the fetch-size cursor, which is JdbcSource's own read.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aReadCutByTheServerFailsWithTheServersReason(boolean copy) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS cut (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO cut VALUES (1, now()) ON CONFLICT DO NOTHING");
        String application = "replicate-cut-" + Long.toHexString(System.nanoTime());
        SourceSettings settings = new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application));
        Source source = new PostgresConnector(copy ? PostgresReadSettings.COPY : PostgresReadSettings.FETCH_SIZE)
                .open(settings);
        try (source; java.sql.Connection locker = db.connect()) {
            TableSchema table = source.reflect(TableName.parse("cut"));
            SourceColumn watermark = table.column("updated_at").orElseThrow();
            ReadRequest request = ReadRequest.byWatermark(table, table.columns(), watermark, Optional.empty(),
                    List.of("id"), 100);
            // The table is locked, so the read waits in the server until its backend is terminated.
            locker.setAutoCommit(false);
            try (java.sql.Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE cut IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return source.read(request);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            String waiting = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application
                    + "' AND wait_event_type = 'Lock'";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (db.query(waiting).equals(List.of(List.of("0"))) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(List.of("1")), db.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = '" + application + "' AND wait_event_type = 'Lock'"));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(30, TimeUnit.SECONDS));
            // The cursor gets the server's FATAL message; pgjdbc's COPY sees only the socket close.
            Throwable reported = failed.getCause();
            String message = String.valueOf(reported.getMessage());
            assertTrue(message.contains("terminating connection") || message.contains("failed when starting copy"),
                    () -> "the read's own failure is reported: " + reported);
            if (!copy) {
                // The cursor's transaction is ended on the dead connection, which fails too. (A COPY runs in
                // autocommit, with no transaction to end.)
                assertTrue(reported.getSuppressed().length > 0, () -> "the clean-up's failure is kept as suppressed: " + reported);
            }
            locker.rollback();
        }
    }

    /**
     * One-off statements and COPY run in autocommit, and a read through the fetch-size cursor opens the
     * transaction pgjdbc needs and ends it: after a read of either kind and a count, nothing is left open
     * ("idle in transaction" would hold the tables' locks, and block DDL at the source, until the run ended).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsAndCountsLeaveNoTransactionOpen(boolean copy) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS idle (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO idle VALUES (1, now()), (2, now()) ON CONFLICT DO NOTHING");
        String application = "replicate-idle-" + Long.toHexString(System.nanoTime());
        try (Source source = open(copy, application)) {
            TableSchema table = source.reflect(TableName.parse("idle"));
            SourceColumn watermark = table.column("updated_at").orElseThrow();
            try (var rows = source.read(ReadRequest.byWatermark(table, table.columns(), watermark, Optional.empty(),
                    List.of("id"), 100))) {
                while (rows.next()) {
                    assertTrue(rows.position() != null);
                }
            }
            assertEquals(0, source.countUnreadableWatermarks(table, watermark, Optional.empty()).nulls());
            assertEquals(List.of(List.of("idle")), db.query("SELECT state FROM pg_stat_activity WHERE application_name = '"
                    + application + "'"));
        }
    }

    /**
     * A read closed before its end (the table failed while writing, or a first sync went back to
     * watermark order) leaves the connection usable for the next statement, and its rows uncounted. A
     * COPY cut short once left the rest of its answer in the connection, and the next query failed with
     * "No results were returned by the query".
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aReadClosedBeforeItsEndLeavesTheConnectionUsable(boolean copy) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS longer (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO longer SELECT g, now() FROM generate_series(1, 50000) AS g ON CONFLICT DO NOTHING");
        String application = "replicate-short-" + Long.toHexString(System.nanoTime());
        try (Source source = open(copy, application)) {
            TableSchema table = source.reflect(TableName.parse("longer"));
            SourceColumn watermark = table.column("updated_at").orElseThrow();
            ReadRequest request = ReadRequest.byWatermark(table, table.columns(), watermark, Optional.empty(),
                    List.of("id"), 100);
            for (int i = 0; i < 2; i++) {
                try (var rows = source.read(request)) {
                    assertTrue(rows.next());
                }
                assertEquals(0, source.countUnreadableWatermarks(table, watermark, Optional.empty()).nulls());
                assertTrue(source.newestWatermark(table, watermark).isPresent());
            }
            assertEquals(List.of(List.of("idle")), db.query("SELECT state FROM pg_stat_activity WHERE application_name = '"
                    + application + "'"));
        }
    }

    /**
     * Counts asked together (TableBatch) give up on a table that another session holds locked, rather
     * than hold up the tables counted with it: the call fails, each table is then counted alone on its
     * pass. The short lock_timeout is the batch's only: after a batch that failed and after one that
     * succeeded, the session waits for locks as it did before (the source's lockTimeoutSeconds; a RESET
     * would have gone back to the server's default, no limit at all).
     */
    @Test
    void countsTogetherGiveUpOnALockedTableAndLeaveTheSessionsLockTimeout() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS free_t (id bigint PRIMARY KEY, updated_at timestamptz)",
                "CREATE TABLE IF NOT EXISTS locked_t (id bigint PRIMARY KEY, updated_at timestamptz)",
                "INSERT INTO free_t VALUES (1, NULL) ON CONFLICT DO NOTHING");
        try (PostgresSource source = (PostgresSource) open(true, "replicate-locks-" + System.nanoTime());
             java.sql.Connection locker = db.connect()) {
            String before = source.sessionSetting("lock_timeout");
            assertEquals("30s", before, "the default lockTimeoutSeconds, set on the session");
            TableSchema free = source.reflect(TableName.parse("free_t"));
            TableSchema locked = source.reflect(TableName.parse("locked_t"));
            List<dev.replicate.source.WatermarkCount> counts = List.of(
                    new dev.replicate.source.WatermarkCount(free, free.column("updated_at").orElseThrow(), Optional.empty()),
                    new dev.replicate.source.WatermarkCount(locked, locked.column("updated_at").orElseThrow(), Optional.empty()));
            assertEquals(List.of(1L, 0L), source.countUnreadableWatermarks(counts).orElseThrow().stream()
                    .map(dev.replicate.source.UnreadableWatermarks::nulls).toList());
            assertEquals(before, source.sessionSetting("lock_timeout"));

            locker.setAutoCommit(false);
            try (java.sql.Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE locked_t IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Object> together = CompletableFuture.supplyAsync(() -> {
                try {
                    return source.countUnreadableWatermarks(counts);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            ExecutionException failed = assertThrows(ExecutionException.class, () -> together.get(30, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failed.getCause().getMessage()).contains("lock timeout"), failed::toString);
            locker.rollback();
            assertEquals(before, source.sessionSetting("lock_timeout"));
        }
    }

    /**
     * lockTimeoutSeconds 0 sets nothing: the session keeps the lock_timeout the database gives its sessions
     * (here one set for the scratch database, so that neither no limit nor the default 30 s can pass).
     */
    @Test
    void aLockTimeoutOfZeroLeavesTheServersSetting() throws Exception {
        db.execute("ALTER DATABASE " + db.quote(db.databaseName()) + " SET lock_timeout = '7s'");
        try {
            SourceSettings settings = new SourceSettings(db.conn(), Optional.empty(), Optional.empty(), Map.of(), 0);
            try (PostgresSource source = (PostgresSource) new PostgresConnector(PostgresReadSettings.COPY).open(settings)) {
                assertEquals("7s", source.sessionSetting("lock_timeout"));
            }
        } finally {
            db.execute("ALTER DATABASE " + db.quote(db.databaseName()) + " RESET lock_timeout");
        }
    }

    private static Source open(boolean copy, String application) throws Exception {
        SourceSettings settings = new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application));
        return new PostgresConnector(copy ? PostgresReadSettings.COPY : PostgresReadSettings.FETCH_SIZE).open(settings);
    }

    /** The login's bound is pgjdbc's socketTimeout in seconds: the URL's wins over a property, as in the driver. */
    @Test
    void theLoginBoundIsTheSocketTimeoutThatApplies() {
        java.util.Properties properties = new java.util.Properties();
        assertEquals(10, PostgresConnector.loginTimeoutSeconds(Optional.empty(), properties));
        properties.setProperty("socketTimeout", "4");
        assertEquals(4, PostgresConnector.loginTimeoutSeconds(Optional.empty(), properties));
        assertEquals(2, PostgresConnector.loginTimeoutSeconds(
                dev.replicate.source.jdbc.ConnectionUrl.parseConn("postgres://u@h/db?socketTimeout=2"), properties));
    }
}
