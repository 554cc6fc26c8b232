package dev.replicate.sync;

import dev.replicate.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * A table's pass run again within the run, after SQLite refused it the write lock (see
 * ReplicationEngine#runTable): each try is a pass of its own, which starts with empty books, so what
 * the tries before committed and noted is carried here, and the table's outcome is that of all its
 * tries. Only a try's committed pages count (TableBooks), so the sum counts each row as often as it was
 * stored; a full table's try begins the copy anew, dropping the one before, whose rows do not count.
 * A note an earlier try made already is not said twice.
 */
final class RetriedPass implements TablePass {
    private TablePass current;
    private long pulled;
    private long reread;
    private long changed;
    private long deleted;
    private final List<String> notes = new ArrayList<>();
    private Optional<String> sourceNewest = Optional.empty();

    RetriedPass(TablePass first) {
        this.current = first;
    }

    /**
     * Ends the try under way, keeping what it committed and noted, and makes the next one with
     * {@code next}, given the rows pulled so far (for the progress it reports).
     */
    void again(LongFunction<TablePass> next) {
        if (current.countsCarryOver()) {
            pulled += current.rowsPulled();
            reread += current.rowsReread();
            changed += current.rowsChanged();
            deleted += current.rowsDeleted();
        }
        List<String> all = notes();
        notes.clear();
        notes.addAll(all);
        sourceNewest = sourceNewest();
        current = next.apply(pulled);
    }

    @Override
    public void run(Source source, TableBatch batch) throws Exception {
        current.run(source, batch);
    }

    @Override
    public long rowsPulled() {
        return pulled + current.rowsPulled();
    }

    @Override
    public long rowsReread() {
        return reread + current.rowsReread();
    }

    @Override
    public long rowsChanged() {
        return changed + current.rowsChanged();
    }

    @Override
    public long rowsDeleted() {
        return deleted + current.rowsDeleted();
    }

    @Override
    public List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        current.notes().stream().filter(note -> !notes.contains(note)).forEach(all::add);
        return all;
    }

    @Override
    public Optional<String> sourceNewest() {
        return current.sourceNewest().or(() -> sourceNewest);
    }
}
