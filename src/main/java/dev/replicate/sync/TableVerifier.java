package dev.replicate.sync;

import dev.replicate.log.Log;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.Source;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

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
    private final RangeRows rows;
    private final Map<RowKind, Tally> tallies = new EnumMap<>(RowKind.class);
    private final List<DifferingRange> differing = new ArrayList<>();
    private long sourceQueries;
    private Optional<Callable<Source>> helper = Optional.empty();
    /** The keys that may bound a range (see StrayKeys#bound), as the source says before the first range. */
    private Predicate<List<Object>> boundable;

    /**
     * @param rules how rows gone from the source, left out by its {@code where}, or on the cursor's value
     *              are judged
     * @param limit how many keys of each kind to name
     */
    TableVerifier(Source source, DigestRequest request, ReplicaDigests replica, VerifyRules rules, int limit) {
        this.source = source;
        this.request = request;
        this.replica = replica;
        this.rows = new RangeRows(source, request, replica, rules);
        for (RowKind kind : RowKind.values()) {
            tallies.put(kind, new Tally(limit));
        }
    }

    /** Opens another connection to the source for the first pass to share its queries with (see FirstPass). */
    TableVerifier helper(Callable<Source> helper) {
        this.helper = Optional.of(helper);
        return this;
    }

    TableVerdict verify(String target) throws Exception {
        long start = System.nanoTime();
        boundable = StrayKeys.bound(request, source.rangeBounds(request));
        List<FirstPass.Range> first = new FirstPass(source, helper, request, replica).run(RANGE_ROWS, boundable);
        sourceQueries += first.size();
        long passed = System.nanoTime();
        for (FirstPass.Range range : first) {
            compare(range.range(), range.mine(), range.theirs());
        }
        Log.debug("verify {}: first pass of {} ranges {} ms, then {} ms and {} source queries in all", target,
                first.size(), (passed - start) / 1_000_000, (System.nanoTime() - passed) / 1_000_000, sourceQueries);
        return new TableVerdict(target, Optional.empty(), kind(RowKind.MISSING), kind(RowKind.DIFFERENT),
                kind(RowKind.EXTRA), kind(RowKind.KEPT), kind(RowKind.UNVERIFIED), sourceQueries, Optional.empty());
    }

    /** The ranges {@link #verify} compared row by row and found rows to repair in, in key order. */
    List<DifferingRange> differingRanges() {
        return differing;
    }

    private TableVerdict.Kind kind(RowKind kind) {
        return tallies.get(kind).kind();
    }

    /** Contiguous ranges from {@code after} to {@code upTo}, cut at {@code bounds}. */
    private static List<KeyRange> ranges(Optional<List<Object>> after, List<List<Object>> bounds,
                                         Optional<List<Object>> upTo) {
        List<KeyRange> ranges = new ArrayList<>();
        Optional<List<Object>> from = after;
        for (List<Object> bound : bounds) {
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
        List<List<Object>> bounds = mine.rows() <= LEAF_ROWS ? List.of()
                : replica.splitKeys(range, FANOUT).stream().filter(boundable).toList();
        if (bounds.isEmpty()) {
            compareRows(range);
            return;
        }
        for (KeyRange part : ranges(range.after(), bounds, range.upTo())) {
            compare(part);
        }
    }

    private void compareRows(KeyRange range) throws Exception {
        Map<RowKind, Long> found = DifferingRange.counts();
        sourceQueries++;
        rows.compare(range, (kind, key) -> {
            tallies.get(kind).add(key);
            found.merge(kind, 1L, Long::sum);
        });
        if (DifferingRange.worthRepairing(found)) {
            differing.add(new DifferingRange(range, found));
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

        /** A one-column key is named by its value, a longer one by the list of its values. */
        void add(List<Object> key) {
            count++;
            if (keys.size() < limit) {
                keys.add(key.size() == 1 ? key.get(0) : List.copyOf(key));
            }
        }

        TableVerdict.Kind kind() {
            return new TableVerdict.Kind(count, List.copyOf(keys));
        }
    }
}
