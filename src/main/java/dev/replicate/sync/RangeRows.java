package dev.replicate.sync;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RowDigest;
import dev.replicate.source.Source;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One key range compared row by row: each source row of the range against the replica's, by key. The
 * replica's rows the source has not (or has, but not as a row the replica should hold) are named last,
 * in key order. Verify names what it finds; a repair compares a range again to find the rows to delete
 * and, once done, to see what is left.
 */
final class RangeRows {
    /** Told each row that is not equal, with its key. */
    @FunctionalInterface
    interface Judge {
        void row(RowKind kind, List<Object> key);
    }

    private final Source source;
    private final DigestRequest request;
    private final ReplicaDigests replica;
    private final VerifyRules rules;

    RangeRows(Source source, DigestRequest request, ReplicaDigests replica, VerifyRules rules) {
        this.source = source;
        this.request = request;
        this.replica = replica;
        this.rules = rules;
    }

    /** Compares the range's rows (one source query), telling {@code judge} of each row that is not equal. */
    void compare(KeyRange range, Judge judge) throws Exception {
        Map<List<Object>, String> mine = replica.rowDigests(range);
        Map<List<Object>, RowKind> notExpected = new HashMap<>();
        source.rowDigests(request, range, row -> {
            switch (row.state()) {
                case EXPECTED -> expected(row, mine.remove(row.key()), judge);
                case AT_CURSOR -> {
                    String stored = mine.remove(row.key());
                    if (rules.cursorRowsJudged()) {
                        expected(row, stored, judge);
                    } else if (stored == null || !stored.equals(row.digest())) {
                        judge.row(RowKind.UNVERIFIED, row.key());
                    }
                }
                // Only the replica's keys are remembered: between two of them the source may hold many rows
                // the replica should not.
                case SOFT_DELETED -> {
                    if (mine.containsKey(row.key())) {
                        notExpected.put(row.key(), RowKind.EXTRA);
                    }
                }
                case FILTERED -> {
                    if (mine.containsKey(row.key())) {
                        notExpected.put(row.key(), rules.filteredIsExtra() ? RowKind.EXTRA : RowKind.KEPT);
                    }
                }
                // Not read yet (new, or updated at the source since the last run): whatever the replica
                // holds is not a difference.
                case PENDING -> mine.remove(row.key());
            }
        });
        RowKind gone = rules.goneIsExtra() ? RowKind.EXTRA : RowKind.KEPT;
        for (List<Object> key : mine.keySet()) {
            judge.row(notExpected.getOrDefault(key, gone), key);
        }
    }

    /** A row the replica should hold, with these values. */
    private static void expected(RowDigest row, String stored, Judge judge) {
        if (stored == null) {
            judge.row(RowKind.MISSING, row.key());
        } else if (!stored.equals(row.digest())) {
            judge.row(RowKind.DIFFERENT, row.key());
        }
    }
}
