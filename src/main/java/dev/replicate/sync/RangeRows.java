package dev.replicate.sync;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RowDigest;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

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
        // The source's rows come in key order, so a key it holds twice comes twice in a row.
        AtomicReference<List<Object>> previous = new AtomicReference<>();
        AtomicReference<List<Object>> twice = new AtomicReference<>();
        source.rowDigests(request, range, row -> {
            if (twice.get() == null && row.key().equals(previous.get())) {
                twice.set(row.key());
            }
            previous.set(row.key());
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
        if (twice.get() != null) {
            throw twice(twice.get());
        }
        RowKind gone = rules.goneIsExtra() ? RowKind.EXTRA : RowKind.KEPT;
        for (List<Object> key : mine.keySet()) {
            judge.row(notExpected.getOrDefault(key, gone), key);
        }
    }

    /**
     * A key the source holds in more than one row: the replica keeps one of them (the one read last), so
     * the others would be called missing or different, and no repair could put them in.
     */
    private TableFailure twice(List<Object> key) {
        return new TableFailure("the source holds the key (" + key.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ") in more than one row, of which the replica keeps"
                + " one: its key (" + request.key().stream().map(SourceColumn::name).collect(Collectors.joining(", "))
                + ") is not unique in the rows read: a \"primaryKey\" that is not unique (give one that is, or [] to"
                + " keep every row)" + source.repeatedKeyCause().map(cause -> ", or " + cause).orElse(""));
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
