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

    private DemoServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    static DemoServer start(Path dataDirectory) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Its output would otherwise land on the terminal; failures still come back as exceptions.
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
        return new DemoServer(postgres, dataDirectory);
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
        postgres.close();
    }
}
