package dev.replicate.sync;

import java.util.Optional;

/**
 * What {@code replicate verify --repair} did to one table.
 *
 * @param error       why the repair did not run, or stopped part-way (the counts then say what it did
 *                    before: each page it wrote and each batch it deleted is committed)
 * @param missing     rows verify found missing that the repair put into the replica
 * @param different   rows verify found with other values that the repair rewrote
 * @param extra       rows verify found extra that the repair deleted
 * @param unverified  rows on the cursor's value verify could not judge that the repair rewrote from the source
 * @param left        rows still not equal in the ranges the repair touched, compared again once it was done
 *                    (a row the source changed meanwhile, say); 0 when every difference found was repaired
 * @param rowsWritten rows the repair wrote: every row the replica should hold in a range it read again, equal
 *                    ones too (rewritten with the same values)
 * @param rowsDeleted rows the repair deleted
 */
public record Repaired(Optional<String> error, long missing, long different, long extra, long unverified, long left,
                       long rowsWritten, long rowsDeleted) {

    Repaired masked(java.util.function.UnaryOperator<String> mask) {
        return new Repaired(error.map(mask), missing, different, extra, unverified, left, rowsWritten, rowsDeleted);
    }

    static Repaired failed(String error) {
        return new Repaired(Optional.of(error), 0, 0, 0, 0, 0, 0, 0);
    }

    /** Every difference found is repaired: verify would now say equal. */
    public boolean complete() {
        return error.isEmpty() && left == 0;
    }

    /** Whether the repair had anything to do (or failed): a table verify found equal has nothing to record. */
    public boolean attempted() {
        return error.isPresent() || rowsRepaired() > 0 || left > 0 || rowsWritten > 0 || rowsDeleted > 0;
    }

    /** Rows of the kinds verify names that the repair put right. */
    public long rowsRepaired() {
        return missing + different + extra + unverified;
    }
}
