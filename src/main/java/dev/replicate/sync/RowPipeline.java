package dev.replicate.sync;

import dev.replicate.source.RowStream;
import dev.replicate.sqlite.RowKeys;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a {@link RowStream} on a thread of its own and hands its rows over in chunks through a small
 * bounded queue, so that reading and converting source rows (network, driver decoding, text forms)
 * overlaps with writing them into SQLite on the caller's thread. Added for throughput (issue #5):
 * the two halves cost about the same, and a first sync was their sum.
 *
 * <p>Only the reader thread touches the stream until {@link #close} has joined it; the caller opens
 * and closes the stream itself, after this pipeline is closed. Memory stays bounded: at most
 * {@link #DEPTH} chunks wait in the queue, plus one being filled and one being written. Nothing about
 * transactions changes: the caller still commits page by page, each page with the watermark it reached.
 */
final class RowPipeline implements AutoCloseable {
    /** Chunks that may wait between the threads. */
    static final int DEPTH = 4;
    /** Rows per chunk at most: small enough to keep memory flat, large enough that handing over is cheap. */
    static final int CHUNK_ROWS = 512;

    /** Rows read together; {@code rowKeys} is null unless the table is append-only. */
    static class Chunk {
        final Object[][] values;
        final Object[] positions;
        final String[] rowKeys;
        int size;
        List<String> warnings = List.of();

        Chunk(int capacity, boolean withRowKeys) {
            values = new Object[capacity][];
            positions = new Object[capacity];
            rowKeys = withRowKeys ? new String[capacity] : null;
        }
    }

    /** Marks the end of the rows, or carries the failure that ended them. */
    private static final class End extends Chunk {
        final Throwable failure;

        End(Throwable failure) {
            super(0, false);
            this.failure = failure;
        }
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private volatile boolean cancelled;
    private boolean ended;

    RowPipeline(RowStream rows, RowKeys rowKeys, int chunkRows, String name) {
        this(rows, rowKeys, true, chunkRows, name);
    }

    private RowPipeline(RowStream rows, RowKeys rowKeys, boolean positions, int chunkRows, String name) {
        int capacity = Math.max(1, Math.min(chunkRows, CHUNK_ROWS));
        this.reader = new Thread(() -> read(rows, rowKeys, positions, capacity), "replicate-reader-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * A pipeline for a reconcile's key scan ({@link dev.replicate.source.Source#readKeys}), whose
     * stream has no position to ask for: only the values are handed over.
     */
    static RowPipeline ofKeys(RowStream keys, int chunkRows, String name) {
        return new RowPipeline(keys, null, false, chunkRows, name);
    }

    private void read(RowStream rows, RowKeys rowKeys, boolean positions, int capacity) {
        Throwable failure = null;
        try {
            Chunk chunk = new Chunk(capacity, rowKeys != null);
            while (!cancelled && rows.next()) {
                Object[] values = rows.values();
                Object position = positions ? rows.position() : null;
                int i = chunk.size++;
                chunk.values[i] = values;
                chunk.positions[i] = position;
                if (rowKeys != null) {
                    chunk.rowKeys[i] = rowKeys.next(values, position);
                }
                if (chunk.size == capacity) {
                    chunk.warnings = rows.drainWarnings();
                    if (!put(chunk)) {
                        return;
                    }
                    chunk = new Chunk(capacity, rowKeys != null);
                }
            }
            chunk.warnings = rows.drainWarnings();
            if ((chunk.size > 0 || !chunk.warnings.isEmpty()) && !put(chunk)) {
                return;
            }
        } catch (Throwable e) {
            failure = e;
        }
        put(new End(failure));
    }

    /** Waits for room in the queue; false once the consumer has given up. */
    private boolean put(Chunk chunk) {
        try {
            while (!cancelled) {
                if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * The next chunk of rows, or null at the end. Rethrows what the reader failed with, as it was.
     */
    Chunk take() throws Exception {
        if (ended) {
            return null;
        }
        Chunk chunk = queue.take();
        if (chunk instanceof End end) {
            ended = true;
            if (end.failure instanceof Exception e) {
                throw e;
            }
            if (end.failure instanceof Error e) {
                throw e;
            }
            return null;
        }
        return chunk;
    }

    /** Stops the reader (it finishes at most the row it is reading) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        cancelled = true;
        queue.clear();
        reader.join();
    }
}
