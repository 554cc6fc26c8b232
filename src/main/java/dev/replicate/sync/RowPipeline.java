package dev.replicate.sync;

import dev.replicate.source.RowStream;
import dev.replicate.sqlite.RowBytes;
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
 * <p>The first chunk is read on the caller's thread, in its first {@link #take}, and the reader thread
 * starts only once that chunk is full ({@link ReadStart}): a read that ends within one chunk costs no
 * thread and no hand-over. From then on only the reader thread touches the stream until {@link #close}
 * has joined it; the caller opens and closes the stream itself, after this pipeline is closed. Memory
 * stays bounded: at most {@link #DEPTH} chunks wait in the queue, plus one being filled and one being
 * written, each of at most {@link #CHUNK_ROWS} rows and about {@link #CHUNK_BYTES} bytes (more only by
 * its last row). Nothing about transactions changes: the caller still commits page by page, each page with
 * the watermark it reached.
 */
final class RowPipeline implements AutoCloseable {
    /** Chunks that may wait between the threads. */
    static final int DEPTH = 4;
    /** Rows per chunk at most: small enough to keep memory flat, large enough that handing over is cheap. */
    static final int CHUNK_ROWS = 512;
    /**
     * A chunk ends once its rows hold this many bytes ({@link RowBytes}: a text's characters, so up to
     * twice that in heap for a text outside Latin-1), however few they are: rows of
     * megabytes would otherwise make a chunk of hundreds of megabytes, and the queue several of them.
     * Rows of up to 2 KiB never reach it before {@link #CHUNK_ROWS}.
     */
    static final long CHUNK_BYTES = 1 << 20;

    /** Rows read together; {@code rowKeys} is null unless the table is append-only. */
    static class Chunk {
        final Object[][] values;
        final Object[] positions;
        final String[] rowKeys;
        int size;
        long bytes;
        List<String> warnings = List.of();

        Chunk(int capacity, boolean withRowKeys) {
            values = new Object[capacity][];
            positions = new Object[capacity];
            rowKeys = withRowKeys ? new String[capacity] : null;
        }
    }

    /**
     * Marks the end of the rows; the failure that ended them, if any, is in {@link #failure}. One made up
     * front: after an OutOfMemoryError the reader must hand the end over without allocating.
     */
    private static final class End extends Chunk {
        End() {
            super(0, false);
        }
    }

    private static final End END = new End();
    /** How often a caller waiting for a chunk checks that the reader is still there. */
    private static final long WAIT_MILLIS = 1000;

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final RowStream rows;
    private final RowKeys rowKeys;
    private final boolean positions;
    private final int capacity;
    private final String name;
    /** Null until the reader starts: at once without {@link ReadStart}, else once the first chunk is full. */
    private Thread reader;
    private boolean started;
    private volatile boolean cancelled;
    /** What ended the reader's rows: set before {@link #END} is handed over, or the reader died. */
    private volatile Throwable failure;
    private boolean ended;
    /** A chunk {@link #readyWithin} took from the reader, handed out by the next {@link #take}. */
    private Chunk early;

    RowPipeline(RowStream rows, RowKeys rowKeys, int chunkRows, String name) {
        this(rows, rowKeys, true, chunkRows, name);
    }

    private RowPipeline(RowStream rows, RowKeys rowKeys, boolean positions, int chunkRows, String name) {
        this.rows = rows;
        this.rowKeys = rowKeys;
        this.positions = positions;
        this.capacity = Math.max(1, Math.min(chunkRows, CHUNK_ROWS));
        this.name = name;
        if (!ReadStart.firstChunkInline()) {
            started = true;
            startReader();
        }
    }

    /**
     * A pipeline for a reconcile's key scan ({@link dev.replicate.source.Source#readKeys}), whose
     * stream has no position to ask for: only the values are handed over.
     */
    static RowPipeline ofKeys(RowStream keys, int chunkRows, String name) {
        return new RowPipeline(keys, null, false, chunkRows, name);
    }

    /** True when this pipeline has started a thread to read on (for tests of {@link ReadStart}). */
    boolean threaded() {
        return reader != null;
    }

    private void startReader() {
        reader = new Thread(this::read, "replicate-reader-" + name);
        reader.setDaemon(true);
        // A failure past read()'s own catch (its hand-over of the end throwing, as after an
        // OutOfMemoryError) is kept for the caller, which notices the dead reader; the default handler
        // would print a stack trace on stderr, past the log's gate and into cron's mail.
        reader.setUncaughtExceptionHandler((thread, e) -> {
            if (failure == null) {
                failure = e;
            }
        });
        reader.start();
    }

    /**
     * Fills {@code chunk} from the stream and takes the warnings collected meanwhile; true when it
     * filled up (more rows may follow), false at the end of the rows (or once cancelled).
     */
    private boolean fill(Chunk chunk) throws Exception {
        boolean full = false;
        while (!cancelled && rows.next()) {
            Object[] values = rows.values();
            Object position = positions ? rows.position() : null;
            int i = chunk.size++;
            chunk.values[i] = values;
            chunk.positions[i] = position;
            if (rowKeys != null) {
                chunk.rowKeys[i] = rowKeys.next(values, position);
            }
            chunk.bytes += RowBytes.of(values);
            if (chunk.size == capacity || chunk.bytes >= CHUNK_BYTES) {
                full = true;
                break;
            }
        }
        chunk.warnings = rows.drainWarnings();
        return full;
    }

    /** The reader thread: hands over the rows chunk by chunk, then the end (or the failure that ended them). */
    private void read() {
        try {
            boolean full = true;
            while (full) {
                Chunk chunk = new Chunk(capacity, rowKeys != null);
                full = fill(chunk);
                if ((chunk.size > 0 || !chunk.warnings.isEmpty()) && !put(chunk)) {
                    return;
                }
            }
        } catch (Throwable e) {
            // Kept where the caller finds it even if the hand-over fails (take notices a dead reader).
            failure = e;
        }
        put(END);
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
        if (!started) {
            started = true;
            return takeFirst();
        }
        Chunk chunk = early != null ? early : next();
        early = null;
        if (chunk == END) {
            ended = true;
            Throwable failed = failure;
            if (failed instanceof Exception e) {
                throw e;
            }
            if (failed instanceof Error e) {
                throw e;
            }
            return null;
        }
        return chunk;
    }

    /**
     * Whether {@link #take} would answer at once, waiting up to {@code millis} for the reader's next
     * chunk; false while the source is still sending it. The first chunk, read on the caller's thread,
     * counts as ready: nothing has been written before it.
     */
    boolean readyWithin(long millis) throws InterruptedException {
        return readyWithinNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** {@link #readyWithin}, to the nanosecond; 0 only looks (the chunk is there already, or not). */
    boolean readyWithinNanos(long nanos) throws InterruptedException {
        if (ended || !started || early != null) {
            return true;
        }
        early = nanos <= 0 ? queue.poll() : queue.poll(nanos, TimeUnit.NANOSECONDS);
        return early != null;
    }

    /**
     * Waits, up to {@code nanos}, while the source is still sending rows and fewer than {@link #DEPTH}
     * chunks wait for the caller: returns at once when the queue is full (the reader would stall: the
     * caller, not the source, is the slow side now), when the rows have ended, or when the reader is gone.
     * A chunk {@link #readyWithinNanos} took counts as waiting.
     */
    void awaitBacklog(long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        while (started && !ended && reader != null && reader.isAlive()
                && queue.size() + (early != null ? 1 : 0) < DEPTH) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // Polled, not signalled: a pause happens only after a page the source kept waiting, so a
            // wake-up every 2 ms costs nothing beside the reader's per-chunk hand-over staying as it is.
            Thread.sleep(Math.min(2, Math.max(1, left / 1_000_000L)));
        }
    }

    /**
     * The next chunk from the reader, or {@link #END}. A reader that died without handing over the end
     * (its hand-over failed to allocate after an OutOfMemoryError) is noticed rather than waited for
     * forever, which would hold the replica's lock: what it failed with, if it got that far, is thrown.
     */
    private Chunk next() throws InterruptedException {
        while (true) {
            Chunk chunk = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (chunk != null) {
                return chunk;
            }
            if (!reader.isAlive()) {
                // Its last hand-over happened before it ended.
                chunk = queue.poll();
                if (chunk != null) {
                    return chunk;
                }
                if (failure == null) {
                    failure = new IllegalStateException("the thread reading " + name + " ended without handing"
                            + " over the end of its rows");
                }
                return END;
            }
        }
    }

    /**
     * Reads the first chunk here; a full one starts the reader thread for the rest (which reads the
     * next chunk while the caller writes this one). A failure arrives as the reader's would: the rows
     * of the unfinished chunk are not handed over.
     */
    private Chunk takeFirst() throws Exception {
        Chunk first = new Chunk(capacity, rowKeys != null);
        boolean full;
        try {
            full = fill(first);
        } catch (Exception | Error e) {
            ended = true;
            throw e;
        }
        if (full && !cancelled) {
            startReader();
            return first;
        }
        ended = true;
        return first.size > 0 || !first.warnings.isEmpty() ? first : null;
    }

    /**
     * What ended the reader's rows when {@link #take} never threw it: the caller failed first (SQLite refused
     * its page the write lock) while the reader was still reading, and the reader failed meanwhile (the source
     * went quiet). Known once {@link #close} has joined the reader.
     */
    java.util.Optional<Throwable> untold() {
        return ended ? java.util.Optional.empty() : java.util.Optional.ofNullable(failure);
    }

    /**
     * Stops the reader (it finishes at most the row it is reading) and waits for it, also when this thread is
     * interrupted meanwhile (the interrupt is kept): the caller closes the stream next, and a close racing a
     * reader still inside the driver would use one connection from two threads at once. The reader leaves the
     * driver with its row, or when the source's read timeout ends the wait.
     */
    @Override
    public void close() {
        cancelled = true;
        queue.clear();
        if (reader == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                reader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
