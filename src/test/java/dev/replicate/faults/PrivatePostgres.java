package dev.replicate.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the system's binaries, on a free port, that checks passwords
 * for every login but its administrator. For the one scenario the shared (trusting) server cannot show.
 * Run as root, the server runs as the "postgres" system user, since PostgreSQL refuses root.
 */
final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("replicate-pgpw");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PrivatePostgres server = new PrivatePostgres(dir, bin, port, root);
        try {
            if (root) {
                server.exec(List.of("chown", "postgres:", dir.toString()), false);
            }
            server.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "--no-sync"), true);
            Path hba = dir.resolve("data/pg_hba.conf");
            // The administrator is trusted (the test sets up through it); everyone else needs a password.
            Files.writeString(hba, """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
            if (root) {
                server.exec(List.of("chown", "postgres:", hba.toString()), false);
            }
            server.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                    dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir
                            + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no PostgreSQL binaries under " + root);
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IOException("no initdb under " + root));
        }
    }

    private void exec(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(dir.resolve("exec.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("exec.log")));
        }
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    void execute(String... statements) {
        executeIn("postgres", statements);
    }

    void executeIn(String database, String... statements) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + hostPort() + "/" + database,
                properties); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("private PostgreSQL: " + e.getMessage(), e);
        }
    }

    List<List<String>> queryIn(String database, String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + hostPort() + "/" + database,
                properties); Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery(sql)) {
            return dev.replicate.testing.TestDatabase.rows(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("private PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                        "-w", "stop"), true);
            }
        } catch (IOException | InterruptedException e) {
            // best effort: the directory goes below either way
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
