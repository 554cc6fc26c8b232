package dev.replicate.source.postgres;

/**
 * How a PostgreSQL source reads, decided once where the connector is made and handed to each source
 * it opens, so that a test can open a source of each kind side by side in one JVM.
 *
 * @param copy whether reads stream through COPY ({@link PostgresCopyStream}); if not, through the
 *             fetch-size cursor of {@link dev.replicate.source.jdbc.JdbcSource#read}, the fallback a
 *             user chooses with {@code -Dreplicate.postgres.copy=false}
 */
record PostgresReadSettings(boolean copy) {
    static final PostgresReadSettings COPY = new PostgresReadSettings(true);
    static final PostgresReadSettings FETCH_SIZE = new PostgresReadSettings(false);

    /** The user's choice in {@code -Dreplicate.postgres.copy}: COPY unless it says {@code false}. */
    static PostgresReadSettings fromSystemProperties() {
        return "false".equals(System.getProperty("replicate.postgres.copy")) ? FETCH_SIZE : COPY;
    }
}
