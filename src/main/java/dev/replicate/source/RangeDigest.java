package dev.replicate.source;

/**
 * The digest of a set of rows, independent of their order: how many, and two sums (modulo 2^64) of
 * 60-bit slices of each row's digest (see {@link RowDigests}). Two sets that differ in any row match
 * only by a 2^-120-ish accident, and adding a row's slices needs no sorting on either side.
 */
public record RangeDigest(long rows, long sumA, long sumB) {
    public static final RangeDigest EMPTY = new RangeDigest(0, 0, 0);

    /** This digest with one more row, of digest {@code hex} (32 hex digits). */
    public RangeDigest plus(String hex) {
        return new RangeDigest(rows + 1, sumA + RowDigests.sliceA(hex), sumB + RowDigests.sliceB(hex));
    }
}
