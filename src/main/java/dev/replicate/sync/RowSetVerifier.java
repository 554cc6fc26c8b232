package dev.replicate.sync;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RowDigest;
import dev.replicate.source.Source;
import dev.replicate.source.TemporalText;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.RowKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a table without a primary key (append-only: its rows are told apart by their values, see
 * {@link dev.replicate.sqlite.RowKeys}) as a multiset of rows: the source's rows the replica should hold
 * against the replica's, by their row digests. No key orders both sides alike, so there are no key
 * ranges to bisect; instead each row's digest falls in one of {@link #BUCKETS} buckets by its first
 * digits, and each side sums the digests of each bucket in one pass (the source streams every row's
 * digest, in watermark order). An equal table costs that one pass per side. The rows of the buckets that
 * differ are then held and matched digest by digest, in a second pass per side for each group of such
 * buckets of at most {@link #GROUP_ROWS} rows, so that memory stays bounded whatever the differences.
 *
 * <p>A row is named by its watermark value (the table has nothing else that names it): a source row the
 * replica lacks by the source's, a replica row the source has not by the stored one. A row changed at the
 * source without its watermark moving is one missing row (its new values) and one the replica holds that
 * the source has not (its old ones), kept, as the table keeps every row it stored: rows of an append-only
 * table are never deleted.
 *
 * <p>The watermark values that hold missing (or unverified) rows are kept, each as the range from the
 * source's previous value to it, for a repair to read again ({@link RowSetRepair}).
 */
final class RowSetVerifier {
    static final int BUCKETS = 4096;
    static final int GROUP_ROWS = 200_000;

    private final Source source;
    /** Its key is the watermark alone: the source's rows come in watermark order, each named by it. */
    private final DigestRequest request;
    /** Its key is the watermark; its rows are read in the order SQLite stores them. */
    private final ReplicaDigests replica;
    private final VerifyRules rules;
    private final int limit;
    private final List<BitSet> groups = new ArrayList<>();
    /** The watermark values holding rows to read again, each with the range that reads it alone. */
    private final Map<Object, KeyRange> pulls = new LinkedHashMap<>();
    private long sourceQueries;

    /** Told each row that is not equal, named by its watermark value. */
    @FunctionalInterface
    interface Judge {
        void row(RowKind kind, Object name, Optional<KeyRange> pull);
    }

    RowSetVerifier(Source source, DigestRequest request, ReplicaDigests replica, VerifyRules rules, int limit) {
        this.source = source;
        this.request = request;
        this.replica = replica;
        this.rules = rules;
        this.limit = limit;
    }

    TableVerdict verify(String target) throws Exception {
        Buckets theirs = new Buckets();
        Buckets mine = new Buckets();
        sourceQueries++;
        source.rowDigests(request, KeyRange.ALL, row -> {
            if (expected(row.state())) {
                theirs.add(row.digest());
            }
        });
        replica.eachStoredRow((key, digest) -> mine.add(digest));
        BitSet group = new BitSet(BUCKETS);
        long held = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (theirs.differs(mine, b)) {
                long rows = Math.max(theirs.counts[b], mine.counts[b]);
                if (held > 0 && held + rows > GROUP_ROWS) {
                    groups.add(group);
                    group = new BitSet(BUCKETS);
                    held = 0;
                }
                group.set(b);
                held += rows;
            }
        }
        if (held > 0) {
            groups.add(group);
        }
        Map<RowKind, List<Object>> names = new EnumMap<>(RowKind.class);
        compare((kind, name, pull) -> {
            names.computeIfAbsent(kind, k -> new ArrayList<>()).add(name);
            // One pull a value: numeric 1.0 and 1.00 are one value at the source, read again by one range.
            pull.ifPresent(range -> pulls.putIfAbsent(pullKey(range.upTo().orElseThrow()), range));
        });
        return new TableVerdict(target, Optional.empty(), kind(names, RowKind.MISSING), TableVerdict.Kind.NONE,
                kind(names, RowKind.EXTRA), kind(names, RowKind.KEPT), kind(names, RowKind.UNVERIFIED), sourceQueries,
                Optional.empty());
    }

    /** The ranges of watermark values that hold rows to read again, in watermark order. */
    List<KeyRange> pulls() {
        return List.copyOf(pulls.values());
    }

    /** The rows of each kind that are not equal now, in the buckets verify found differing: after a repair. */
    Map<RowKind, Long> countAgain() throws Exception {
        Map<RowKind, Long> counts = new EnumMap<>(RowKind.class);
        compare((kind, name, pull) -> counts.merge(kind, 1L, Long::sum));
        return counts;
    }

    private TableVerdict.Kind kind(Map<RowKind, List<Object>> names, RowKind kind) {
        List<Object> all = names.getOrDefault(kind, List.of());
        boolean decimal = request.watermark().watermarkKind().orElse(null) == WatermarkKind.DECIMAL;
        List<Object> sorted = all.stream().map(name -> Named.of(name, decimal)).sorted().limit(limit)
                .map(Named::name).toList();
        return new TableVerdict.Kind(all.size(), sorted);
    }

    /**
     * A name and its value when it is a number, each worked out once: numbers by value first, then the rest
     * (NaN, a text written to the replica by hand) by their text, one total order however they mix.
     */
    record Named(Object name, Optional<BigDecimal> number) implements Comparable<Named> {
        /** A row's name; a decimal watermark's ({@code decimal}) names are the plain texts of its values. */
        static Named of(Object name, boolean decimal) {
            return new Named(name, RowSetVerifier.number(name, decimal));
        }

        @Override
        public int compareTo(Named other) {
            if (number.isPresent() != other.number.isPresent()) {
                return number.isPresent() ? -1 : 1;
            }
            return number.isPresent() ? number.get().compareTo(other.number.get())
                    : String.valueOf(name).compareTo(String.valueOf(other.name));
        }
    }

    /** The rows of the differing buckets, group by group, matched digest by digest. */
    private void compare(Judge judge) throws Exception {
        for (BitSet group : groups) {
            Map<String, List<SourceRow>> theirs = new HashMap<>();
            Map<String, List<Object>> mine = new HashMap<>();
            sourceQueries++;
            // The last two distinct watermark values of rows not pending, in the source's order: the range from
            // the one before a row's value to that value holds that value's rows alone.
            Object[] last = {null, null};
            source.rowDigests(request, KeyRange.ALL, row -> {
                Object watermark = row.key().get(0);
                boolean pending = row.state() == RowDigest.State.PENDING;
                if (!pending && !RowKeys.sameWatermark(last[1], watermark)) {
                    last[0] = last[1];
                    last[1] = watermark;
                }
                Optional<List<Object>> after = pending ? Optional.empty() : Optional.ofNullable(last[0]).map(List::of);
                if (group.get(bucket(row.digest()))) {
                    theirs.computeIfAbsent(row.digest(), d -> new ArrayList<>())
                            .add(new SourceRow(row.state(), watermark, after));
                }
            });
            replica.eachStoredRow((key, digest) -> {
                if (group.get(bucket(digest))) {
                    mine.computeIfAbsent(digest, d -> new ArrayList<>()).add(key.get(0));
                }
            });
            for (Map.Entry<String, List<SourceRow>> entry : theirs.entrySet()) {
                List<Object> held = mine.remove(entry.getKey());
                judge(entry.getValue(), held == null ? List.of() : held, judge);
            }
            for (List<Object> held : mine.values()) {
                judge(List.of(), held, judge);
            }
        }
    }

    /** The source's rows of one digest (all of one watermark value) against the replica's. */
    private void judge(List<SourceRow> theirs, List<Object> mine, Judge judge) {
        List<SourceRow> expected = theirs.stream().filter(r -> expected(r.state())).toList();
        for (int i = mine.size(); i < expected.size(); i++) {
            SourceRow row = expected.get(i);
            RowKind kind = row.state() == RowDigest.State.AT_CURSOR && !rules.cursorRowsJudged() ? RowKind.UNVERIFIED
                    : RowKind.MISSING;
            judge.row(kind, name(row.watermark()), Optional.of(new KeyRange(row.after(), Optional.of(List.of(
                    row.watermark())))));
        }
        if (mine.size() <= expected.size()) {
            return;
        }
        // Held by the replica beyond the source's expected rows: judged by what the source holds of that digest.
        Optional<RowDigest.State> other = theirs.stream().map(SourceRow::state).filter(s -> !expected(s)).findFirst();
        RowKind kind;
        if (other.isEmpty()) {
            kind = rules.goneIsExtra() ? RowKind.EXTRA : RowKind.KEPT;
        } else {
            switch (other.get()) {
                case PENDING -> {
                    return;
                }
                case SOFT_DELETED -> kind = RowKind.EXTRA;
                default -> kind = rules.filteredIsExtra() ? RowKind.EXTRA : RowKind.KEPT;
            }
        }
        for (int i = expected.size(); i < mine.size(); i++) {
            judge.row(kind, mine.get(i), Optional.empty());
        }
    }

    private static boolean expected(RowDigest.State state) {
        return state == RowDigest.State.EXPECTED || state == RowDigest.State.AT_CURSOR;
    }

    private static Object pullKey(List<Object> upTo) {
        return upTo.size() == 1 && upTo.get(0) instanceof BigDecimal number ? number.stripTrailingZeros() : upTo;
    }

    /** A source watermark value as the replica stores it, so that both sides name rows alike. */
    private static Object name(Object watermark) {
        if (watermark instanceof LocalDateTime timestamp) {
            return TemporalText.timestamp(timestamp);
        }
        if (watermark instanceof Instant instant) {
            return TemporalText.instant(instant);
        }
        if (watermark instanceof LocalDate date) {
            return TemporalText.date(date);
        }
        return watermark instanceof BigDecimal decimal ? decimal.toPlainString() : watermark;
    }

    /**
     * A name's value when it is a number: a decimal watermark's names are its plain texts (see {@link #name}),
     * which would otherwise sort 18446744073709551615 before 9223372036854775808.
     */
    private static Optional<BigDecimal> number(Object name, boolean decimal) {
        if (!(name instanceof Number) && !(decimal && name instanceof String)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(name.toString()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // NaN, or a text written to the replica by hand
        }
    }

    private static int bucket(String digest) {
        return Integer.parseInt(digest, 0, 3, 16);
    }

    /**
     * @param after the source's next lower watermark value (of a row it does not leave pending), if any: the
     *              range from it to this row's value holds that value's rows alone
     */
    private record SourceRow(RowDigest.State state, Object watermark, Optional<List<Object>> after) {
    }

    /** Per bucket, the count and the sum of the row digests (as two 64-bit halves, wrapping). */
    private static final class Buckets {
        final long[] counts = new long[BUCKETS];
        final long[] high = new long[BUCKETS];
        final long[] low = new long[BUCKETS];

        void add(String digest) {
            int b = bucket(digest);
            counts[b]++;
            high[b] += Long.parseUnsignedLong(digest, 0, 16, 16);
            low[b] += Long.parseUnsignedLong(digest, 16, 32, 16);
        }

        boolean differs(Buckets other, int b) {
            return counts[b] != other.counts[b] || high[b] != other.high[b] || low[b] != other.low[b];
        }
    }
}
