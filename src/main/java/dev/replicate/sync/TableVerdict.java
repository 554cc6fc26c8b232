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
 * @param extra         rows the replica holds and should not: soft-deleted at the source, or (with soft deletes or
 *                      a reconcile) gone from it, or (with a reconcile) left out by its {@code where} now
 * @param kept          rows the replica holds that are not among the source's: gone from it under
 *                      {@code deletes: "keep"} (or added to the replica by hand: the two cannot be told
 *                      apart), or left out by its {@code where} now without a reconcile
 * @param unverified    rows on the cursor's value that differ while the last run did not end well: the
 *                      replica may hold only some of them (see {@link VerifyRules#lastRunEndedWell}), so
 *                      they are neither differences nor equal
 * @param sourceQueries how many range and row queries went to the source to compare (a repair's are not counted)
 * @param repair        what {@code --repair} did; empty without it, or when the table could not be verified
 * @param note          what a reader of the differences should know: for a full table, that its replica is as
 *                      of its last run, so a difference may be a change at the source since
 */
public record TableVerdict(String target, Optional<String> error, Kind missing, Kind different, Kind extra, Kind kept,
                           Kind unverified, long sourceQueries, Optional<Repaired> repair, Optional<String> note) {

    public TableVerdict(String target, Optional<String> error, Kind missing, Kind different, Kind extra, Kind kept,
                        Kind unverified, long sourceQueries, Optional<Repaired> repair) {
        this(target, error, missing, different, extra, kept, unverified, sourceQueries, repair, Optional.empty());
    }

    TableVerdict noted(String note) {
        return new TableVerdict(target, error, missing, different, extra, kept, unverified, sourceQueries, repair,
                Optional.of(note));
    }

    /** How many rows of a kind, and the first of their keys. */
    public record Kind(long count, List<Object> firstKeys) {
        public static final Kind NONE = new Kind(0, List.of());
    }

    static TableVerdict failed(String target, String error) {
        return new TableVerdict(target, Optional.of(error), Kind.NONE, Kind.NONE, Kind.NONE, Kind.NONE, Kind.NONE, 0,
                Optional.empty());
    }

    /**
     * Equal: an incremental table whose last run found no row to copy, whose source holds none to copy still
     * (one query asked it), and whose replica holds none.
     */
    static TableVerdict nothingCopied(String target) {
        return new TableVerdict(target, Optional.empty(), Kind.NONE, Kind.NONE, Kind.NONE, Kind.NONE, Kind.NONE, 0,
                Optional.empty(), Optional.of("its last run found no row to copy at the source (none there, or every"
                + " watermark NULL or not finite), nor is there one now, and the replica holds none"));
    }

    /** This verdict with its texts (the error, the note, the repair's error) passed through {@code mask}. */
    TableVerdict masked(java.util.function.UnaryOperator<String> mask) {
        return new TableVerdict(target, error.map(mask), missing, different, extra, kept, unverified, sourceQueries,
                repair.map(r -> r.masked(mask)), note.map(mask));
    }

    TableVerdict repaired(Repaired repaired) {
        return new TableVerdict(target, error, missing, different, extra, kept, unverified, sourceQueries,
                Optional.of(repaired), note);
    }

    public boolean failed() {
        return error.isPresent();
    }

    /** Rows that differ from what the configuration says the replica should hold (kept rows do not). */
    public long differences() {
        return missing.count() + different.count() + extra.count();
    }

    /** Verified equal: no difference, and nothing left unjudged (kept rows are no difference). */
    public boolean equal() {
        return !failed() && differences() == 0 && unverified.count() == 0;
    }

    /**
     * Equal as the command ends: verified equal, or every difference found repaired (a second verify
     * would say equal). What the exit status says.
     */
    public boolean equalNow() {
        return repair.map(r -> !failed() && r.complete()).orElseGet(this::equal);
    }
}
