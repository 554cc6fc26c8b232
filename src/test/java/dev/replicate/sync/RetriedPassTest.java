package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A table's pass run again within the run after SQLite refused it the write lock: the outcome is that
 * of all its tries. The engine kept only the last try's figures and notes, so a keyless first sync
 * whose pages had all committed, refused at its index, logged the ~3 rows its second try read, and
 * notes such as a column dropped with its values were lost.
 */
class RetriedPassTest {

    /** A try's books as a pass leaves them; its run is never called here. */
    private static final class Try implements TablePass {
        final long pulled;
        final long reread;
        final long changed;
        final long deleted;
        final List<String> notes;
        final Optional<String> newest;
        final boolean carries;
        long progressFrom = -1;

        Try(long pulled, long reread, long changed, long deleted, List<String> notes, Optional<String> newest,
            boolean carries) {
            this.pulled = pulled;
            this.reread = reread;
            this.changed = changed;
            this.deleted = deleted;
            this.notes = new ArrayList<>(notes);
            this.newest = newest;
            this.carries = carries;
        }

        @Override
        public void run(Source source, TableBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean countsCarryOver() {
            return carries;
        }

        @Override
        public long rowsPulled() {
            return pulled;
        }

        @Override
        public long rowsReread() {
            return reread;
        }

        @Override
        public long rowsChanged() {
            return changed;
        }

        @Override
        public long rowsDeleted() {
            return deleted;
        }

        @Override
        public List<String> notes() {
            return notes;
        }

        @Override
        public Optional<String> sourceNewest() {
            return newest;
        }
    }

    @Test
    void anIncrementalTableCountsWhatEveryTryCommittedAndKeepsEveryNoteOnce() {
        Try first = new Try(1000, 2, 998, 1, List.of("dropped column x with its values", "took over the state"),
                Optional.of("2024-01-02"), true);
        RetriedPass pass = new RetriedPass(first);
        Try[] second = new Try[1];
        pass.again(rowsBefore -> {
            second[0] = new Try(3, 1, 0, 0, List.of("took over the state", "made index ix"), Optional.empty(), true);
            second[0].progressFrom = rowsBefore;
            return second[0];
        });
        assertEquals(1000, second[0].progressFrom, "the next try's progress goes on from the first's rows");
        assertEquals(1003, pass.rowsPulled());
        assertEquals(3, pass.rowsReread());
        assertEquals(998, pass.rowsChanged());
        assertEquals(1, pass.rowsDeleted());
        assertEquals(List.of("dropped column x with its values", "took over the state", "made index ix"), pass.notes());
        assertEquals(Optional.of("2024-01-02"), pass.sourceNewest(), "the newest the source told");

        pass.again(rowsBefore -> new Try(2, 2, 0, 0, List.of("made index ix"), Optional.of("2024-01-03"), true));
        assertEquals(1005, pass.rowsPulled());
        assertEquals(List.of("dropped column x with its values", "took over the state", "made index ix"), pass.notes());
        assertEquals(Optional.of("2024-01-03"), pass.sourceNewest());
    }

    @Test
    void aFullTablesTryBeginsTheCopyAnewAndOnlyItsRowsCount() {
        RetriedPass pass = new RetriedPass(new Try(500, 0, 500, 0, List.of("a note"), Optional.empty(), false));
        long[] from = {-1};
        pass.again(rowsBefore -> {
            from[0] = rowsBefore;
            return new Try(800, 0, 800, 0, List.of(), Optional.empty(), false);
        });
        assertEquals(0, from[0]);
        assertEquals(800, pass.rowsPulled());
        assertEquals(800, pass.rowsChanged());
        assertEquals(List.of("a note"), pass.notes());
    }

    @Test
    void aTryThatNotesTheSameTwiceKeepsBoth() {
        RetriedPass pass = new RetriedPass(new Try(1, 0, 1, 0, List.of("n", "n"), Optional.empty(), true));
        assertEquals(List.of("n", "n"), pass.notes());
    }
}
