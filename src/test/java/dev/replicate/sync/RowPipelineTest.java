package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.RowStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader thread hands over every row in order, with its warnings, and passes failures on as they were. */
class RowPipelineTest {

    /** Rows 0..count-1; a warning at each multiple of 700; fails at failAt (if not -1). */
    private static final class Numbers implements RowStream {
        private final int count;
        private final int failAt;
        private final List<String> warnings = new ArrayList<>();
        private int current = -1;
        volatile int read;

        Numbers(int count, int failAt) {
            this.count = count;
            this.failAt = failAt;
        }

        @Override
        public boolean next() throws Exception {
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
        Numbers rows = new Numbers(5000, -1);
        List<Long> seen = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (RowPipeline pipeline = new RowPipeline(rows, null, 1000, "t")) {
            RowPipeline.Chunk chunk;
            while ((chunk = pipeline.take()) != null) {
                for (int i = 0; i < chunk.size; i++) {
                    assertEquals(chunk.values[i][0], chunk.positions[i]);
                    seen.add((Long) chunk.values[i][0]);
                }
                warnings.addAll(chunk.warnings);
            }
            assertEquals(null, pipeline.take());
        }
        assertEquals(5000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(List.of("w0", "w700", "w1400", "w2100", "w2800", "w3500", "w4200", "w4900"), warnings);
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
}
