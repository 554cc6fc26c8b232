package dev.replicate.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A throw-away PostgreSQL for the demo: its own data directory, a free port on the loopback address,
 * deleted again when closed. It is a separate server, so the demo cannot touch the user's databases.
 */
final class DemoServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final DemoPrograms programs;

    private DemoServer(EmbeddedPostgres postgres, Path dataDirectory, DemoPrograms programs) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.programs = programs;
    }

    static DemoServer start(Path dataDirectory) throws IOException {
        DemoPrograms programs = DemoPrograms.open(System.getenv());
        try {
            return new DemoServer(start(dataDirectory, programs), dataDirectory, programs);
        } catch (IOException | RuntimeException e) {
            try {
                programs.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, DemoPrograms programs) throws IOException {
        // The builder's default working folder, made even when overridden below: left to itself, an empty
        // java.io.tmpdir/embedded-pg/ after every demo.
        System.setProperty("ot.epg.working-dir", programs.workingFolder().toString());
        return EmbeddedPostgres.builder()
                // Not java.io.tmpdir/embedded-pg/, which any local user can write (DemoPrograms).
                .setOverrideWorkingDirectory(programs.workingFolder().toFile())
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Its output would otherwise land on the terminal; failures still come back as exceptions.
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
    }

    int port() {
        return postgres.getPort();
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** The URL replicate's configuration uses; no password, as the embedded server trusts local users. */
    String replicateUrl() {
        return "postgres://postgres@127.0.0.1:" + port() + "/postgres";
    }

    Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() throws IOException {
        try (programs) {
            postgres.close();
        }
    }
}
