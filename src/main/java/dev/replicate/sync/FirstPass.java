package dev.replicate.sync;

import dev.replicate.log.Log;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.Source;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Both sides' digests of a table's first ranges, computed at once rather than one after the other:
 * the replica's pass (CPU in this JVM, {@link ReplicaDigests#pass}) hands each range, as soon as it is
 * complete, to threads that ask the source for the same range. For a table of more than
 * {@link #HELPER_AFTER} ranges a second connection to the source shares those queries, so that the
 * source's side, the slower one (a range query costs PostgreSQL about 2.4 times what COPY costs it
 * for the same rows), uses a second core.
 */
final class FirstPass {
    /** The ranges after which a second connection is opened: a small table is not worth one. */
    static final int HELPER_AFTER = 4;

    /** A range, the replica's digest, and the source's. */
    record Range(KeyRange range, RangeDigest mine, RangeDigest theirs) {
    }

    private final Source source;
    private final Optional<Callable<Source>> helper;
    private final DigestRequest request;
    private final ReplicaDigests replica;

    /** @param helper opens another connection to the same source, when there is a way to */
    FirstPass(Source source, Optional<Callable<Source>> helper, DigestRequest request, ReplicaDigests replica) {
        this.source = source;
        this.helper = helper;
        this.request = request;
        this.replica = replica;
    }

    /**
     * The ranges of {@code rows} rows, cut at keys that pass {@code bounds}, and both digests of each.
     * Returns when every source query has ended, and the connections it opened are closed: the source's
     * connection is free again.
     */
    List<Range> run(int rows, Predicate<List<Object>> bounds) throws Exception {
        List<KeyRange> ranges = new ArrayList<>();
        List<RangeDigest> mine = new ArrayList<>();
        List<Future<RangeDigest>> theirs = new ArrayList<>();
        BlockingQueue<Source> free = new LinkedBlockingQueue<>(List.of(source));
        List<Source> opened = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(helper.isPresent() ? 2 : 1, task -> {
            Thread thread = new Thread(task, "verify-source");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        try {
            replica.pass(rows, bounds, (range, digest) -> {
                if (ranges.size() == HELPER_AFTER && helper.isPresent()) {
                    threads.submit(() -> open(free, opened));
                }
                ranges.add(range);
                mine.add(digest);
                theirs.add(threads.submit(() -> {
                    Source connection = free.take();
                    try {
                        return connection.rangeDigest(request, range);
                    } finally {
                        free.put(connection);
                    }
                }));
            });
            Log.debug("verify: the replica's pass took {} ms ({} ms of CPU); {} of the source's {} range queries"
                    + " had yet to end", (System.nanoTime() - start) / 1_000_000,
                    (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1_000_000,
                    theirs.stream().filter(f -> !f.isDone()).count(), theirs.size());
            List<Range> digests = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                try {
                    digests.add(new Range(ranges.get(i), mine.get(i), theirs.get(i).get()));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        // An OutOfMemoryError stays one, for the table's failure to say so (OutOfMemory).
                        throw error;
                    }
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return digests;
        } finally {
            // On a failure, the queries not started are dropped; those under way end before a
            // connection is used again or closed.
            theirs.forEach(f -> f.cancel(false));
            threads.shutdown();
            if (!threads.awaitTermination(1, TimeUnit.DAYS)) {
                throw new IllegalStateException("the source's range queries did not end");
            }
            for (Source extra : opened) {
                try {
                    extra.close();
                } catch (Exception e) {
                    Log.debug(e, "closing verify's second connection to the source");
                }
            }
        }
    }

    /** Opens the second connection and adds it to the free ones; without it, the first does it all. */
    private Void open(BlockingQueue<Source> free, List<Source> opened) throws InterruptedException {
        Source extra;
        try {
            extra = helper.orElseThrow().call();
        } catch (Exception e) {
            Log.debug(e, "verify: no second connection to the source; one does all the range queries");
            return null;
        }
        synchronized (opened) {
            opened.add(extra);
        }
        free.put(extra);
        return null;
    }
}
