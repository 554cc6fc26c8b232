package dev.replicate.sqlite;

/**
 * How rows are written into SQLite, decided once where a run is started and handed down to every
 * {@link PageWriter}, so that a test can run each way in one JVM without touching system properties.
 *
 * @param direct          whether to drive the upserts through sqlite-jdbc's native methods ({@link DirectUpsert})
 *                        where this sqlite-jdbc allows it, rather than through its JDBC layer ({@link JdbcUpsert})
 * @param checkpointAside whether a first sync checkpoints the write-ahead log on a thread of its own
 *                        ({@link AsideCheckpoints}) rather than in the writer's commits
 */
public record WriteSettings(boolean direct, boolean checkpointAside) {
    /** What a run does unless told otherwise: the direct path, checkpoints aside. */
    public static final WriteSettings DEFAULT = new WriteSettings(true, true);

    /** The upserts' path chosen, checkpoints aside. */
    public WriteSettings(boolean direct) {
        this(direct, true);
    }

    /**
     * The switches a user can set in {@code JAVA_OPTS}: {@code -Dreplicate.sqlite.direct=false} chooses
     * JDBC, {@code -Dreplicate.sqlite.checkpointAside=false} leaves checkpoints to the writer's commits.
     */
    public static WriteSettings fromSystemProperties() {
        return new WriteSettings(!"false".equals(System.getProperty("replicate.sqlite.direct")),
                !"false".equals(System.getProperty("replicate.sqlite.checkpointAside")));
    }
}
