package dev.replicate.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The ways a run reads and writes, chosen by the switches a user can set (README, "JAVA_OPTS"): the
 * default (PostgreSQL through COPY, SQLite through sqlite-jdbc's native methods) and each fallback.
 * The switches are system properties, read when a source is opened or a replication engine made (the
 * engine hands its {@code WriteSettings} to every page writer), so one JVM runs every path through the
 * command line; the type tests run once per path that applies to their source. Code that writes pages
 * itself can pass {@code WriteSettings} directly instead (see {@code UpsertStatementTest}).
 */
public enum RunPaths {
    DEFAULT(Map.of()),
    /** {@code -Dreplicate.postgres.copy=false}: PostgreSQL reads through a fetch-size cursor. */
    POSTGRES_FETCH_SIZE(Map.of("replicate.postgres.copy", "false")),
    /** {@code -Dreplicate.sqlite.direct=false}: rows go into SQLite through sqlite-jdbc's JDBC batches. */
    SQLITE_JDBC(Map.of("replicate.sqlite.direct", "false")),
    /** {@code -Dreplicate.reconcile.blocks=false}: a reconcile lists integer keys one by one, never in blocks. */
    RECONCILE_KEY_BY_KEY(Map.of("replicate.reconcile.blocks", "false"));

    private final Map<String, String> switches;

    RunPaths(Map<String, String> switches) {
        this.switches = switches;
    }

    /** Sets this path's switches for the in-process runs that follow, until the handle is closed. */
    public Switched apply() {
        Map<String, String> before = new HashMap<>();
        switches.forEach((name, value) -> {
            before.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        return () -> before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    /** Puts the switches back as they were. */
    public interface Switched extends AutoCloseable {
        @Override
        void close();
    }
}
