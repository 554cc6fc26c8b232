package dev.replicate.sync;

import java.util.List;
import java.util.Optional;

/**
 * What {@code replicate verify} found for one table.
 *
 * @param target        the SQLite table
 * @param error         why the table could not be verified; then the rest is empty
 * @param missing       rows the replica should hold and does not
 * @param different     rows the replica holds with other values than the source
 * @param extra         rows the replica holds and should not: soft-deleted at the source, or (with soft deletes)
 *                      gone from it
 * @param kept          rows the replica keeps by choice: gone from the source, or out of the table's
 *                      {@code where} now, under {@code deletes: "keep"}
 * @param sourceQueries how many range and row queries went to the source
 */
public record TableVerdict(String target, Optional<String> error, Kind missing, Kind different, Kind extra, Kind kept,
                           long sourceQueries) {

    /** How many rows of a kind, and the first of their keys. */
    public record Kind(long count, List<Object> firstKeys) {
        public static final Kind NONE = new Kind(0, List.of());
    }

    static TableVerdict failed(String target, String error) {
        return new TableVerdict(target, Optional.of(error), Kind.NONE, Kind.NONE, Kind.NONE, Kind.NONE, 0);
    }

    public boolean failed() {
        return error.isPresent();
    }

    /** Rows that differ from what the configuration says the replica should hold (kept rows do not). */
    public long differences() {
        return missing.count() + different.count() + extra.count();
    }

    public boolean equal() {
        return !failed() && differences() == 0;
    }
}
