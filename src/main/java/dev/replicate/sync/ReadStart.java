package dev.replicate.sync;

/**
 * Whether a {@link RowPipeline} reads its first chunk on the caller's thread, starting its reader
 * thread only once that chunk is full. A read that fits in one chunk (an incremental run's few changed
 * rows, the boundary row of a table where nothing changed) then never starts a thread nor passes rows
 * through the queue. Measured (issue #17, bench/many.sh, 500 tables of 1,000 rows, `run --force`):
 * with the reader thread started for every read the 500 tables took more than 5x one such table; with
 * the first chunk read in place, 4.86x PostgreSQL and 4.48x MariaDB. A longer read loses nothing: the
 * thread starts as soon as the first chunk is in hand, so the writer's work on it overlaps the next
 * chunk's reading, as before.
 *
 * <p>{@code -Dreplicate.pipeline.inline=false} starts the reader thread before the first row, as every
 * read did before.
 */
final class ReadStart {
    static final String PROPERTY = "replicate.pipeline.inline";

    private ReadStart() {
    }

    /** True unless the system property turns reading the first chunk in place off; read per pipeline. */
    static boolean firstChunkInline() {
        return !"false".equals(System.getProperty(PROPERTY));
    }
}
