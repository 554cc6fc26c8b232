package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every shared scenario suite needs, whichever server it runs on: one scratch database for the
 * class (each subclass says which), a temporary directory, a fresh source table name per test, and
 * the config files and runs of {@code replicate} against them. Table names carry the suite's prefix
 * so that suites sharing a server never meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SourceScenarios {
    protected TestDatabase db;

    @TempDir
    Path dir;

    private final String tablePrefix;
    private int tableCounter;
    private int configCounter;
    /** This test's source table (and replica target). */
    protected String table;

    protected SourceScenarios(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /** The database under test, created once for the class. */
    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void freshTable() {
        if (db == null) {
            db = createDatabase();
        }
        table = tablePrefix + (++tableCounter);
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    protected String q(String identifier) {
        return db.quote(identifier);
    }

    /** The test's table as the items scenarios use it: id (the key, or not), updated_at, name. */
    protected void createItems(boolean withKey) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL" + (withKey ? " PRIMARY KEY" : "")
                + ", updated_at " + db.timestampType() + " NULL, name VARCHAR(100))");
    }

    protected void insert(long id, String timestamp, String name) {
        db.execute("INSERT INTO " + q(table) + " (id, updated_at, name) VALUES (" + id + ", "
                + (timestamp == null ? "NULL" : db.timestampLiteral(timestamp)) + ", "
                + (name == null ? "NULL" : "'" + name + "'") + ")");
    }

    /** A config file of one source block on the test database with these table entries. */
    protected Path config(String... tableBlocks) {
        return writeConfig("[" + db.sourceBlock(tableBlocks) + "]");
    }

    /**
     * A config file holding exactly {@code json}. Each call writes a file of its own, so that a path a
     * test kept still holds what it was written with.
     */
    protected Path writeConfig(String json) {
        try {
            Path file = dir.resolve("config-" + table + "-" + (++configCounter) + ".json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entry for the test's table with watermark updated_at and {@code extra} members. */
    protected String tableBlock(String extra) {
        return entry("\"watermark\": \"updated_at\"" + (extra.isEmpty() ? "" : ", " + extra));
    }

    /** An entry for the test's table with only {@code extra} members besides its name. */
    protected String entry(String extra) {
        return "{\"name\": \"" + table + "\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    protected Path replicaPath() {
        return dir.resolve(table + ".db");
    }

    /** {@code replicate run --force} of this config into the test's replica, with {@code extra} arguments. */
    protected CliRun run(Path config, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--force", "--config", config.toString(), "--db",
                replicaPath().toString()));
        args.addAll(List.of(extra));
        return CliRun.run(dir, args.toArray(String[]::new));
    }

    /** {@link #run}, which must succeed. */
    protected CliRun runOk(Path config, String... extra) {
        CliRun result = run(config, extra);
        assertEquals(0, result.status, result::toString);
        return result;
    }
}
