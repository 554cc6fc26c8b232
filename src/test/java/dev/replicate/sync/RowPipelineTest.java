package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.RowStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader thread hands over every row in order, with its warnings, and passes failures on as they
 * were; a read whose first chunk holds all its rows is read on the caller's thread ({@link ReadStart})
 * and delivers the same.
 */
class RowPipelineTest {

    /** Rows 0..count-1; a warning at each multiple of 700; fails at failAt (if not -1). */
    private static class Numbers implements RowStream {
        private final int count;
        private final int failAt;
        private final List<String> warnings = new ArrayList<>();
        private int current = -1;
        volatile int read;
        /** The threads that called {@link #next}. */
        final java.util.Set<Thread> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Numbers(int count, int failAt) {
            this.count = count;
            this.failAt = failAt;
        }

        @Override
        public boolean next() throws Exception {
            readers.add(Thread.currentThread());
            current++;
            if (current == failAt) {
                throw new SQLException("source gone");
            }
            if (current >= count) {
                return false;
            }
            read++;
            if (current % 700 == 0) {
                warnings.add("w" + current);
            }
            return true;
        }

        @Override
        public Object[] values() {
            return new Object[] {(long) current};
        }

        @Override
        public Object position() {
            return (long) current;
        }

        @Override
        public List<String> drainWarnings() {
            List<String> drained = List.copyOf(warnings);
            warnings.clear();
            return drained;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyRowInOrderWithItsWarnings() throws Exception {
        Outcome outcome = drain(new Numbers(5000, -1), true);
        List<Long> seen = outcome.rows();
        assertEquals(5000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(List.of("w0", "w700", "w1400", "w2100", "w2800", "w3500", "w4200", "w4900"), outcome.warnings());
    }

    @Test
    void aFailureArrivesAfterTheRowsBeforeIt() throws Exception {
        Numbers rows = new Numbers(5000, 1234);
        try (RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t")) {
            SQLException failure = assertThrows(SQLException.class, () -> {
                RowPipeline.Chunk chunk;
                long n = 0;
                while ((chunk = pipeline.take()) != null) {
                    n += chunk.size;
                }
                throw new AssertionError("no failure after " + n + " rows");
            });
            assertEquals("source gone", failure.getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheReader() throws Exception {
        Numbers rows = new Numbers(10_000_000, -1);
        RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t");
        RowPipeline.Chunk first = pipeline.take();
        assertSame(RowPipeline.Chunk.class, first.getClass());
        pipeline.close();
        assertTrue(rows.read < 10_000_000, "the reader stopped early: " + rows.read);
    }

    /**
     * PageCopy asks {@link RowPipeline#readyWithin} between chunks, which may take the next chunk from the
     * reader early: the chunks still come out of {@link RowPipeline#take} in order, none twice, none lost.
     */
    @Test
    void aChunkTakenEarlyIsHandedOverInOrder() throws Exception {
        Numbers rows = new Numbers(5000, -1);
        List<Long> seen = new ArrayList<>();
        try (RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t")) {
            RowPipeline.Chunk chunk;
            int asked = 0;
            while ((chunk = pipeline.take()) != null) {
                for (int i = 0; i < chunk.size; i++) {
                    seen.add((Long) chunk.values[i][0]);
                }
                // Asked once or twice: the second answer is the chunk already taken early.
                for (int i = 0; i <= asked % 2; i++) {
                    assertTrue(pipeline.readyWithin(5000), "a fast source's next chunk is ready");
                }
                asked++;
            }
        }
        assertEquals(5000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void theEndTakenEarlyEndsTheRows() throws Exception {
        // One full chunk (512 rows) starts the reader; its next chunk holds the other 88, then the end.
        try (RowPipeline pipeline = new RowPipeline(new Numbers(600, -1), null, 1000, "t")) {
            assertEquals(512, pipeline.take().size);
            assertTrue(pipeline.readyWithin(5000));
            assertEquals(88, pipeline.take().size);
            assertTrue(pipeline.readyWithin(5000), "the end is ready");
            assertTrue(pipeline.readyWithinNanos(0), "and stays ready");
            assertNull(pipeline.take());
            assertTrue(pipeline.readyWithin(5000), "nothing is waited for after the end");
            assertNull(pipeline.take());
        }
    }

    @Test
    void aReaderFailureTakenEarlyArrivesAtTheTakeAfterTheRowsBeforeIt() throws Exception {
        try (RowPipeline pipeline = new RowPipeline(new Numbers(5000, 1234), null, 1000, "t")) {
            long[] taken = {0};
            SQLException failure = assertThrows(SQLException.class, () -> {
                RowPipeline.Chunk chunk;
                while ((chunk = pipeline.take()) != null) {
                    taken[0] += chunk.size;
                    // Takes the chunk, or the failed end, early; never throws it itself.
                    assertTrue(pipeline.readyWithin(5000));
                }
                throw new AssertionError("no failure after " + taken[0] + " rows");
            });
            assertEquals("source gone", failure.getMessage());
            // The full chunks before it, each once: the unfinished chunk's rows are not handed over.
            assertEquals(1024, taken[0], "the rows before the failure");
        }
    }

    /**
     * The caller fails first (SQLite refused its page the write lock) while the reader waits on a source gone
     * quiet, which then fails too: once closed, the pipeline tells that failure ({@link RowPipeline#untold}),
     * which PageCopy keeps with the caller's, so that the table's error can say the source stopped answering.
     * One the caller took from {@link RowPipeline#take} is not told again, nor is a reader merely stopped.
     */
    @Test
    void aReaderFailureTheCallerNeverTookIsToldOnceClosed() throws Exception {
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch quiet = new java.util.concurrent.CountDownLatch(1);
        Numbers rows = new Numbers(1000, -1) {
            @Override
            public boolean next() throws Exception {
                if (read == 700) {
                    waiting.countDown();
                    quiet.await();
                    throw new SQLException("the server went quiet");
                }
                return super.next();
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t");
            assertEquals(512, pipeline.take().size);
            // The caller fails here, without taking again, while the reader waits on the source; the wait
            // ends in the reader's failure.
            waiting.await();
            quiet.countDown();
            pipeline.close();
            assertEquals("the server went quiet", pipeline.untold().map(Throwable::getMessage).orElse("none"));
        });

        try (RowPipeline taken = new RowPipeline(new Numbers(5000, 1234), null, 1000, "t")) {
            assertThrows(SQLException.class, () -> {
                while (taken.take() != null) {
                    // to the failure
                }
            });
            taken.close();
            assertTrue(taken.untold().isEmpty(), "thrown by take already");
        }

        RowPipeline stopped = new RowPipeline(new Numbers(10_000_000, -1), null, 1000, "t");
        stopped.take();
        stopped.close();
        assertTrue(stopped.untold().isEmpty(), "a reader stopped by close did not fail");
    }

    /**
     * A close whose thread is interrupted still waits for the reader to leave the stream: its caller closes the
     * stream next (PageCopy, Reconciler), and a close racing a reader still inside the driver uses one JDBC
     * connection from two threads at once. The close returned at once, its join interrupted, the reader still
     * reading. The interrupt is kept for the caller.
     */
    @Test
    void anInterruptedCloseStillWaitsForTheReaderToLeaveTheStream() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean();
        Numbers rows = new Numbers(1000, -1) {
            @Override
            public boolean next() throws Exception {
                if (read == 700) {
                    reading.set(true);
                    inside.countDown();
                    answered.await(); // the driver, waiting on the server
                    reading.set(false);
                }
                return super.next();
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t");
            assertEquals(512, pipeline.take().size);
            inside.await();
            Thread answer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answered.countDown();
            });
            answer.start();
            Thread.currentThread().interrupt();
            try {
                pipeline.close();
            } catch (Exception e) {
                // an interrupted close may say so; what counts is where the reader is once it returned
            }
            boolean stillReading = reading.get();
            boolean interrupted = Thread.interrupted();
            answer.join();
            assertFalse(stillReading, "the close returned while the reader was still inside the stream");
            assertTrue(interrupted, "the interrupt was lost");
        });
    }

    /** {@code count} rows whose source keeps the 701st and those after it waiting until {@code go} is counted down. */
    private static Numbers keptWaitingAt700(int count, java.util.concurrent.CountDownLatch go) {
        return new Numbers(count, -1) {
            @Override
            public boolean next() throws Exception {
                if (read == 700) {
                    go.await();
                }
                return super.next();
            }
        };
    }

    /** A source that keeps its next rows waiting: not ready until they come, then handed over whole. */
    @Test
    void aChunkTheSourceKeepsWaitingIsNotReadyUntilItComes() throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Numbers rows = keptWaitingAt700(1000, go);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t")) {
                assertEquals(512, pipeline.take().size);
                assertFalse(pipeline.readyWithin(50), "the source still sends the next chunk");
                assertFalse(pipeline.readyWithinNanos(0));
                go.countDown();
                assertTrue(pipeline.readyWithin(10_000));
                RowPipeline.Chunk chunk = pipeline.take();
                assertEquals(488, chunk.size);
                assertEquals(512L, chunk.values[0][0]);
                assertNull(pipeline.take());
            }
        });
    }

    /**
     * After a page the source kept waiting, PageCopy leaves the write lock free for a while
     * ({@link RowPipeline#awaitBacklog}): the whole while when the source keeps its rows waiting, so that
     * an application's busy handler, which sleeps up to 100 ms between tries, gets the lock meanwhile.
     */
    @Test
    void theBacklogOfASourceThatKeepsItsRowsWaitingIsWaitedForTheWholeTime() throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Numbers rows = keptWaitingAt700(2000, go);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (RowPipeline pipeline = new RowPipeline(rows, null, 2000, "t")) {
                assertEquals(512, pipeline.take().size);
                long started = System.nanoTime();
                pipeline.awaitBacklog(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
                long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(waited >= 200, "returned after " + waited + " ms while the source kept its rows waiting");
                go.countDown();
                long n = 512;
                RowPipeline.Chunk chunk;
                while ((chunk = pipeline.take()) != null) {
                    n += chunk.size;
                }
                assertEquals(2000, n);
            }
        });
    }

    /**
     * A source that fills the queue, or whose rows end, ends the wait at once: the run is the slow side
     * then, and waiting on would only hold the source up.
     */
    @ParameterizedTest
    @ValueSource(ints = {100_000, 1000})
    void theBacklogIsNotWaitedForOnceTheQueueIsFullOrTheRowsEnded(int count) throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (RowPipeline pipeline = new RowPipeline(new Numbers(count, -1), null, 1000, "t")) {
                assertEquals(512, pipeline.take().size);
                pipeline.awaitBacklog(java.util.concurrent.TimeUnit.SECONDS.toNanos(600));
                long n = 512;
                RowPipeline.Chunk chunk;
                while ((chunk = pipeline.take()) != null) {
                    n += chunk.size;
                }
                assertEquals(count, n);
            }
        });
    }

    /**
     * A reader that died without handing over its end (see {@link #aReaderThatDiesWithoutHandingOverItsEndFailsTheTake})
     * makes readyWithin answer within its time, not hang, and the take after it fails with what the
     * reader died of.
     */
    @Test
    void aDeadReaderIsNotWaitedForByReadyWithinAndFailsTheTake() {
        RowStream dying = diesWithoutHandingOverItsEnd();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (RowPipeline pipeline = new RowPipeline(dying, null, 1000, "t")) {
                OutOfMemoryError failure = assertThrows(OutOfMemoryError.class, () -> {
                    while (pipeline.take() != null) {
                        pipeline.readyWithin(100);
                    }
                });
                assertEquals("Java heap space", failure.getMessage());
                assertTrue(pipeline.readyWithin(100), "after the end nothing is waited for");
                assertNull(pipeline.take());
            }
        });
    }

    /** What a pipeline handed over: its rows, warnings and failure, and whether it started a thread. */
    private record Outcome(List<Long> rows, List<String> warnings, String failure, boolean threaded,
                           boolean readOnCaller) {
    }

    private static Outcome drain(Numbers rows, boolean inline) throws Exception {
        return withInline(inline, () -> {
            List<Long> seen = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            String failure = null;
            boolean threaded;
            try (RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t")) {
                try {
                    RowPipeline.Chunk chunk;
                    while ((chunk = pipeline.take()) != null) {
                        for (int i = 0; i < chunk.size; i++) {
                            assertEquals(chunk.values[i][0], chunk.positions[i]);
                            seen.add((Long) chunk.values[i][0]);
                        }
                        warnings.addAll(chunk.warnings);
                    }
                } catch (SQLException e) {
                    failure = e.getMessage();
                }
                assertNull(pipeline.take(), "the end stays the end");
                threaded = pipeline.threaded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Outcome(seen, warnings, failure, threaded, rows.readers.contains(Thread.currentThread()));
        });
    }

    private static <T> T withInline(boolean inline, Supplier<T> body) {
        String before = System.getProperty(ReadStart.PROPERTY);
        if (inline) {
            System.clearProperty(ReadStart.PROPERTY);
        } else {
            System.setProperty(ReadStart.PROPERTY, "false");
        }
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(ReadStart.PROPERTY);
            } else {
                System.setProperty(ReadStart.PROPERTY, before);
            }
        }
    }

    /** Row counts within one chunk (512 rows), at its edge, and beyond it. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 511, 512, 513, 1024, 5000})
    void bothPathsHandOverTheSameRowsAndWarnings(int count) throws Exception {
        Outcome inPlace = drain(new Numbers(count, -1), true);
        Outcome threaded = drain(new Numbers(count, -1), false);
        assertEquals(threaded.rows(), inPlace.rows());
        assertEquals(threaded.warnings(), inPlace.warnings());
        assertEquals(count, inPlace.rows().size());
        assertNull(inPlace.failure());
        assertTrue(threaded.threaded(), "the property turns reading in place off");
        assertFalse(threaded.readOnCaller(), "with the property off, no row is read on the caller's thread");
        assertEquals(count >= RowPipeline.CHUNK_ROWS, inPlace.threaded(),
                "a thread starts only for a read that fills its first chunk");
        assertTrue(count == 0 || inPlace.readOnCaller(), "the first chunk is read on the caller's thread");
    }

    /** Failures within the first chunk, at its edge, and later: the same rows arrive before the same failure. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5, 511, 512, 513, 1234})
    void bothPathsPassOnTheSameFailureAfterTheSameRows(int failAt) throws Exception {
        Outcome inPlace = drain(new Numbers(5000, failAt), true);
        Outcome threaded = drain(new Numbers(5000, failAt), false);
        assertEquals("source gone", inPlace.failure());
        assertEquals(threaded, new Outcome(inPlace.rows(), inPlace.warnings(), inPlace.failure(), true, false));
        assertEquals(failAt >= RowPipeline.CHUNK_ROWS, inPlace.threaded());
    }

    @Test
    void aWarningWithoutRowsArrivesOnBothPaths() throws Exception {
        for (boolean inline : new boolean[] {true, false}) {
            Numbers rows = new Numbers(0, -1);
            rows.warnings.add("no rows");
            Outcome outcome = drain(rows, inline);
            assertEquals(List.of("no rows"), outcome.warnings(), "inline " + inline);
            assertEquals(List.of(), outcome.rows());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closingEarlyStopsTheReaderOnBothPaths(boolean inline) throws Exception {
        Numbers rows = new Numbers(10_000_000, -1);
        withInline(inline, () -> {
            try {
                RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t");
                RowPipeline.Chunk first = pipeline.take();
                assertEquals(RowPipeline.CHUNK_ROWS, first.size);
                pipeline.close();
                assertTrue(pipeline.threaded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        assertTrue(rows.read < 10_000_000, "the reader stopped early: " + rows.read);
    }

    /**
     * A reader thread that dies without handing over the end of its rows: here its failure is an Error
     * and its hand-over is cut short by an interrupt, standing in for an allocation that fails after an
     * OutOfMemoryError. The caller must not wait for the end for good (holding the replica's lock): it
     * gets the reader's failure.
     */
    @Test
    void aReaderThatDiesWithoutHandingOverItsEndFailsTheTake() {
        RowStream dying = diesWithoutHandingOverItsEnd();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (RowPipeline pipeline = new RowPipeline(dying, null, 1000, "t")) {
                OutOfMemoryError failure = assertThrows(OutOfMemoryError.class, () -> {
                    while (pipeline.take() != null) {
                        // the rows before the failure
                    }
                });
                assertEquals("Java heap space", failure.getMessage());
            }
        });
    }

    /**
     * A reader whose hand-over of the end itself throws dies past its own catch: its thread's handler
     * keeps the failure for the caller and prints nothing (the default handler's stack trace on stderr
     * reached cron's mail, past the log's gate).
     */
    @Test
    void aReaderThatDiesPastItsHandOverPrintsNothingAndItsFailureIsKept() {
        Numbers rows = new Numbers(50_000, -1);
        withInline(false, () -> {
            try (RowPipeline pipeline = new RowPipeline(rows, null, 1000, "uncaught")) {
                while (rows.readers.isEmpty()) {
                    Thread.onSpinWait();
                }
                Thread reader = rows.readers.iterator().next();
                Thread.UncaughtExceptionHandler handler = reader.getUncaughtExceptionHandler();
                assertTrue(handler != reader.getThreadGroup(), "the default handler prints a stack trace");
                java.io.PrintStream err = System.err;
                java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
                System.setErr(new java.io.PrintStream(printed, true));
                try {
                    handler.uncaughtException(reader, new OutOfMemoryError("Java heap space"));
                } finally {
                    System.setErr(err);
                }
                assertEquals("", printed.toString());
                OutOfMemoryError failure = assertThrows(OutOfMemoryError.class, () -> {
                    while (pipeline.take() != null) {
                        // the rows before the end
                    }
                });
                assertEquals("Java heap space", failure.getMessage());
            }
            return null;
        });
    }

    @Test
    void closingBeforeTheFirstTakeReadsNothingInPlace() throws Exception {
        Numbers rows = new Numbers(10, -1);
        withInline(true, () -> {
            try {
                RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t");
                pipeline.close();
                assertFalse(pipeline.threaded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        assertEquals(0, rows.read);
    }

    /**
     * 5,000 rows whose reader dies at row 1,500 with an Error, its hand-over cut short by an interrupt:
     * an allocation that fails after an OutOfMemoryError.
     */
    private static RowStream diesWithoutHandingOverItsEnd() {
        return new Numbers(5000, -1) {
            @Override
            public boolean next() throws Exception {
                if (read == 1500) {
                    Thread.currentThread().interrupt();
                    throw new OutOfMemoryError("Java heap space");
                }
                return super.next();
            }
        };
    }
}
