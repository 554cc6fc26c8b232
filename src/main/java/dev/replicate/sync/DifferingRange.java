package dev.replicate.sync;

import dev.replicate.source.KeyRange;
import java.util.EnumMap;
import java.util.Map;

/**
 * A range verify compared row by row and found rows to repair in: the range, and how many of each
 * kind (what verify named there). The rows themselves are not kept: a repair compares the range again
 * when it needs them, so that memory does not grow with the differences.
 */
record DifferingRange(KeyRange range, Map<RowKind, Long> found) {

    /** Whether a range with these counts holds a row a repair acts on (rows kept by choice are left). */
    static boolean worthRepairing(Map<RowKind, Long> found) {
        return found.entrySet().stream().anyMatch(e -> e.getKey().repaired() && e.getValue() > 0);
    }

    long count(RowKind kind) {
        return found.getOrDefault(kind, 0L);
    }

    /** Rows the source holds and the replica lacks or holds otherwise: a read of the range puts them right. */
    boolean needsPull() {
        return count(RowKind.MISSING) + count(RowKind.DIFFERENT) + count(RowKind.UNVERIFIED) > 0;
    }

    static Map<RowKind, Long> counts() {
        return new EnumMap<>(RowKind.class);
    }
}
