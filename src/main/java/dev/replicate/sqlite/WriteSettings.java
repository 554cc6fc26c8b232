package dev.replicate.sqlite;

/**
 * How rows are written into SQLite, decided once where a run is started and handed down to every
 * {@link PageWriter}, so that a test can run each way in one JVM without touching system properties.
 *
 * @param direct whether to drive the upserts through sqlite-jdbc's native methods ({@link DirectUpsert})
 *               where this sqlite-jdbc allows it, rather than through its JDBC layer ({@link JdbcUpsert})
 */
public record WriteSettings(boolean direct) {
    /** What a run does unless told otherwise: the direct path. */
    public static final WriteSettings DEFAULT = new WriteSettings(true);

    /** The switch a user can set in {@code JAVA_OPTS}: {@code -Dreplicate.sqlite.direct=false} chooses JDBC. */
    public static WriteSettings fromSystemProperties() {
        return new WriteSettings(!"false".equals(System.getProperty("replicate.sqlite.direct")));
    }
}
