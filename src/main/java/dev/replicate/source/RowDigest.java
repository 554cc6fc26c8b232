package dev.replicate.source;

import java.util.List;

/**
 * One source row of a range, for {@code verify}'s row-by-row comparison.
 *
 * @param key    its key: the key columns' values ({@code Long} or {@code String} each), in the key's order
 * @param digest its row digest (see {@link RowDigests}), 32 hex digits
 * @param state  whether the replica should hold it, and if not why
 */
public record RowDigest(List<Object> key, String digest, State state) {
    public enum State {
        /** The replica should hold it, with these values. */
        EXPECTED,
        /** Its watermark is above the cursor (or not finite, or NULL): not read yet, not a difference. */
        PENDING,
        /** The table's {@code where} leaves it out (now): replicate keeps what it stored before, as it does for deletes. */
        FILTERED,
        /** Marked by the soft-delete column: the replica should not hold it. */
        SOFT_DELETED,
        /**
         * Expected, but its watermark is the cursor's. It counts in the range digests as an expected row. The
         * engine judges it as one when the last run ended well (the cursor read is inclusive, so that run
         * stored every row on the value); otherwise a run that stopped between pages may have stored only
         * some of them, and a difference in it is reported as unverified, neither equal nor a difference.
         */
        AT_CURSOR;

        /** The state a source query returns as a number (see {@code JdbcDigests}). */
        public static State of(int code) {
            return values()[code];
        }
    }
}
