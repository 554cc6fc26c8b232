package dev.replicate.source;

import java.security.MessageDigest;

/**
 * The digest of the rows of a key range (see {@link RowDigests}): how many, and the md5 of their
 * canonical texts concatenated in key order, in hex (followed, when some columns are hashed in Java,
 * by the md5 of those columns' texts likewise). Two ranges that differ in any row match only by an
 * md5 collision. One md5 per range rather than one per row is what makes it cheap: a database's md5
 * function costs far more per call than per byte (PostgreSQL's some 0.7 microseconds a call,
 * MariaDB's with the sums that made it order-independent more than the rest of the query; measured on
 * the bench table t1m).
 */
public record RangeDigest(long rows, String digest) {

    /** The digest from the row count and the md5 of the S texts and, when there are J columns, of the J texts. */
    public static RangeDigest of(long rows, byte[] sqlPart, byte[] javaPart) {
        return new RangeDigest(rows, RowDigests.hex(sqlPart) + (javaPart == null ? "" : RowDigests.hex(javaPart)));
    }

    /** Builds a range's digest row by row, in key order. */
    public static final class Builder {
        private final MessageDigest sqlPart = RowDigests.md5();
        private final MessageDigest javaPart;
        private long rows;
        private long bytes;

        /** @param javaColumns whether some columns are hashed in Java (a second md5) */
        public Builder(boolean javaColumns) {
            this.javaPart = javaColumns ? RowDigests.md5() : null;
        }

        /** One more row, with the canonical texts of its S columns and of its J columns (ignored when there are none). */
        public void row(CanonicalText sqlColumns, CanonicalText javaColumns) {
            rows++;
            bytes += sqlColumns.length();
            sqlColumns.feed(sqlPart);
            if (javaPart != null) {
                bytes += javaColumns.length();
                javaColumns.feed(javaPart);
            }
        }

        public long rows() {
            return rows;
        }

        /** The length of the canonical texts so far. */
        public long bytes() {
            return bytes;
        }

        /** The digest of the rows so far; the builder starts afresh. */
        public RangeDigest build() {
            RangeDigest built = of(rows, sqlPart.digest(), javaPart == null ? null : javaPart.digest());
            rows = 0;
            bytes = 0;
            return built;
        }
    }
}
