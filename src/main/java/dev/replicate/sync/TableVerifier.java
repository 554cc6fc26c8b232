package dev.replicate.sync;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigest;
import dev.replicate.source.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tinylog.Logger;

/**
 * Compares one table by key ranges, as data-diff does: the replica's keys cut the table into ranges
 * of {@link #RANGE_ROWS} rows; each range's digest is computed on both sides, and a range whose
 * digests differ is cut into {@link #FANOUT} and compared again, down to ranges of at most
 * {@link #LEAF_ROWS} replica rows, whose rows are then compared one by one. An equal table costs one
 * pass per side; a few differing rows cost a few short ranges each, not the table.
 *
 * <p>The first ranges come from one pass over the replica, which the source's range queries follow
 * in other threads ({@link FirstPass}).
 *
 * <p>Ranges are cut at keys the replica holds and compared on the source by the same test (see
 * {@link KeyRange}), so both sides see the same set of keys in each; the first range is open below
 * and the last open above, so that no source row falls outside every range.
 */
final class TableVerifier {
    static final int RANGE_ROWS = 8192;
    static final int FANOUT = 16;
    static final int LEAF_ROWS = 512;

    private final Source source;
    private final DigestRequest request;
    private final ReplicaDigests replica;
    private final VerifyRules rules;
    private final int limit;
    private final Tally missing;
    private final Tally different;
    private final Tally extra;
    private final Tally kept;
    private final Tally unverified;
    private long sourceQueries;
    private Optional<Callable<Source>> helper = Optional.empty();

    /**
     * @param rules how rows gone from the source, left out by its {@code where}, or on the cursor's value
     *              are judged
     * @param limit how many keys of each kind to name
     */
    TableVerifier(Source source, DigestRequest request, ReplicaDigests replica, VerifyRules rules, int limit) {
        this.source = source;
        this.request = request;
        this.replica = replica;
        this.rules = rules;
        this.limit = limit;
        this.missing = new Tally(limit);
        this.different = new Tally(limit);
        this.extra = new Tally(limit);
        this.kept = new Tally(limit);
        this.unverified = new Tally(limit);
    }

    /** Opens another connection to the source for the first pass to share its queries with (see FirstPass). */
    TableVerifier helper(Callable<Source> helper) {
        this.helper = Optional.of(helper);
        return this;
    }

    TableVerdict verify(String target) throws Exception {
        long start = System.nanoTime();
        List<FirstPass.Range> first = new FirstPass(source, helper, request, replica).run(RANGE_ROWS);
        sourceQueries += first.size();
        long passed = System.nanoTime();
        for (FirstPass.Range range : first) {
            compare(range.range(), range.mine(), range.theirs());
        }
        Logger.debug("verify {}: first pass of {} ranges {} ms, then {} ms and {} source queries in all", target,
                first.size(), (passed - start) / 1_000_000, (System.nanoTime() - passed) / 1_000_000, sourceQueries);
        return new TableVerdict(target, Optional.empty(), missing.kind(), different.kind(), extra.kind(), kept.kind(),
                unverified.kind(), sourceQueries);
    }

    /** Contiguous ranges from {@code after} to {@code upTo}, cut at {@code bounds}. */
    private static List<KeyRange> ranges(Optional<Object> after, List<Object> bounds, Optional<Object> upTo) {
        List<KeyRange> ranges = new ArrayList<>();
        Optional<Object> from = after;
        for (Object bound : bounds) {
            ranges.add(new KeyRange(from, Optional.of(bound)));
            from = Optional.of(bound);
        }
        ranges.add(new KeyRange(from, upTo));
        return ranges;
    }

    private void compare(KeyRange range) throws Exception {
        RangeDigest mine = replica.rangeDigest(range);
        sourceQueries++;
        compare(range, mine, source.rangeDigest(request, range));
    }

    private void compare(KeyRange range, RangeDigest mine, RangeDigest theirs) throws Exception {
        if (mine.equals(theirs)) {
            return;
        }
        if (mine.rows() <= LEAF_ROWS) {
            compareRows(range);
            return;
        }
        List<Object> bounds = replica.splitKeys(range, FANOUT);
        for (KeyRange part : ranges(range.after(), bounds, range.upTo())) {
            compare(part);
        }
    }

    /**
     * Row by row: each source row of the range against the replica's, by key. The replica's rows the
     * source has not (or has, but not as a row the replica should hold) are named last, in key order.
     */
    private void compareRows(KeyRange range) throws Exception {
        Map<Object, String> mine = replica.rowDigests(range);
        Map<Object, Tally> notExpected = new HashMap<>();
        sourceQueries++;
        source.rowDigests(request, range, row -> {
            switch (row.state()) {
                case EXPECTED -> expected(row, mine.remove(row.key()));
                case AT_CURSOR -> {
                    String stored = mine.remove(row.key());
                    if (rules.cursorRowsJudged()) {
                        expected(row, stored);
                    } else if (stored == null || !stored.equals(row.digest())) {
                        unverified.add(row.key());
                    }
                }
                // Only the replica's keys are remembered: between two of them the source may hold many rows
                // the replica should not.
                case SOFT_DELETED -> {
                    if (mine.containsKey(row.key())) {
                        notExpected.put(row.key(), extra);
                    }
                }
                case FILTERED -> {
                    if (mine.containsKey(row.key())) {
                        notExpected.put(row.key(), rules.filteredIsExtra() ? extra : kept);
                    }
                }
                // Not read yet (new, or updated at the source since the last run): whatever the replica
                // holds is not a difference.
                case PENDING -> mine.remove(row.key());
            }
        });
        Tally gone = rules.goneIsExtra() ? extra : kept;
        for (Object key : mine.keySet()) {
            notExpected.getOrDefault(key, gone).add(key);
        }
    }

    /** A row the replica should hold, with these values. */
    private void expected(RowDigest row, String stored) {
        if (stored == null) {
            missing.add(row.key());
        } else if (!stored.equals(row.digest())) {
            different.add(row.key());
        }
    }

    /** A count and the first keys. */
    private static final class Tally {
        private final int limit;
        private final List<Object> keys = new ArrayList<>();
        private long count;

        Tally(int limit) {
            this.limit = limit;
        }

        void add(Object key) {
            count++;
            if (keys.size() < limit) {
                keys.add(key);
            }
        }

        TableVerdict.Kind kind() {
            return new TableVerdict.Kind(count, List.copyOf(keys));
        }
    }
}
